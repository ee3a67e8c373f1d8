import { describe, expect, it } from 'vitest';
import { amendmentEffect, InvalidAmendment } from './amendment.js';
import { type Answer, checkAnswers, suggestVerdict } from './checklist.js';
import { cityOf, deriveFromAnswers } from './derive.js';
import { selectForQa } from './qa-sample.js';

const answer = (item: Answer['item'], fileValue: string | null, heard: string | null): Answer => ({ item, fileValue, heard, verdict: suggestVerdict(item, fileValue, heard) });

/** The scenario: a changed employer and a lower income, heard on the phone on day 7. */
const dayseven: Answer[] = [
  answer('reached', null, 'yes'),
  answer('identity', null, 'confirmed'),
  answer('mobile', '13812345678', '138 1234 5678'),
  answer('home_address', '上海市浦东新区世纪大道100号', '上海市浦东新区世纪大道100号'),
  answer('employer', '上海汽车销售有限公司', '杭州物流有限公司'),
  answer('position', '销售经理', '调度员'),
  answer('monthly_income', '20000.00', '12000'),
  answer('vehicle_location', null, 'with_borrower'),
  answer('vehicle_usage', null, 'personal'),
  answer('loan_use', null, 'as_declared'),
  answer('willingness', null, 'willing'),
  answer('ability', null, 'strained'),
  answer('anything_changed', null, 'yes'),
];

describe('a follow-up and what it means', () => {
  it('suggests verdicts by comparing normalised values', () => {
    expect(dayseven.map((a) => a.verdict)).toEqual(['matches', 'matches', 'matches', 'matches', 'differs', 'differs', 'differs', 'matches', 'matches', 'matches', 'matches', 'matches', 'matches']);
    expect(suggestVerdict('monthly_income', '20000', '19000')).toBe('matches');
    expect(suggestVerdict('employer', '某公司', null)).toBe('could_not_verify');
  });

  it('a complete phone checklist passes; gaps, bad choices and missing field evidence are named', () => {
    expect(checkAnswers('phone', dayseven)).toEqual([]);
    expect(checkAnswers('phone', dayseven.slice(0, 3)).map((i) => i.item)).toEqual(['home_address', 'employer', 'position', 'monthly_income', 'vehicle_location', 'vehicle_usage', 'loan_use', 'willingness', 'ability', 'anything_changed']);
    expect(checkAnswers('phone', [answer('reached', null, 'no')])).toEqual([]);
    expect(checkAnswers('phone', [...dayseven.slice(0, 12), answer('anything_changed', null, 'maybe')]).map((i) => i.en)).toEqual(['must be one of no, yes']);
    const field = checkAnswers('field', [...dayseven, answer('phone', null, null), answer('vehicle_condition', null, 'good')]);
    expect(field.map((i) => [i.item, i.en])).toEqual([
      ['vehicle_location', 'a field visit needs photos and a location'],
      ['vehicle_condition', 'a field visit needs photos and a location'],
    ]);
  });

  it('the changed employer and lower income become new facts, a flag and re-verification tasks', () => {
    const d = deriveFromAnswers(dayseven);
    expect(d.facts).toEqual([
      { kind: 'employer', value: '杭州物流有限公司' },
      { kind: 'position', value: '调度员' },
      { kind: 'monthly_income', value: '12000' },
    ]);
    expect(d.flags).toEqual([{ flag: 'income_drop', item: 'monthly_income', evidence: '20000.00 → 12000' }]);
    expect(d.tasks).toEqual([
      { task: 'reverification', item: 'employer' },
      { task: 'reverification', item: 'monthly_income' },
    ]);
    expect(d.verified.map((v) => v.kind)).toEqual(['mobile', 'home_address']);
  });

  it('raises job loss, moved away, vehicle and loan-use flags, and unreachable with a skip-trace', () => {
    const d = deriveFromAnswers([
      answer('employer', '某公司', '失业'),
      answer('home_address', '上海市浦东新区世纪大道100号', '广东省深圳市南山区科技园'),
      answer('vehicle_usage', null, 'pledged'),
      answer('loan_use', null, 'other'),
    ]);
    expect(d.flags.map((f) => f.flag)).toEqual(['job_loss', 'moved_away', 'vehicle_not_with_borrower', 'loan_use_breach']);
    expect(cityOf('广东省深圳市南山区科技园')).toBe('广东省深圳市');
    const away = deriveFromAnswers([answer('reached', null, 'no')]);
    expect(away).toEqual({ facts: [], verified: [], flags: [{ flag: 'unreachable', item: 'reached', evidence: 'not reached' }], tasks: [{ task: 'skip_trace', item: 'reached' }] });
  });

  it('回访说错: the agent typed the wrong income; the correction retracts the flag and the wrong fact and needs approval', () => {
    const effect = amendmentEffect(dayseven, [{ item: 'monthly_income', heard: '19500', verdict: 'matches' }]);
    expect(effect.needsApproval).toBe(true);
    expect(effect.changes.retract.facts).toEqual([{ kind: 'monthly_income', value: '12000' }]);
    expect(effect.changes.retract.flags.map((f) => f.flag)).toEqual(['income_drop']);
    expect(effect.changes.retract.tasks).toEqual([{ task: 'reverification', item: 'monthly_income' }]);
    expect(effect.changes.add.verified).toEqual([{ kind: 'monthly_income', value: '20000.00', verification: 'verified' }]);
    // the original answers are untouched
    expect(dayseven.find((a) => a.item === 'monthly_income')!.heard).toBe('12000');
  });

  it('a correction that changes nothing derived needs no supervisor; an empty or unknown one is refused', () => {
    expect(amendmentEffect(dayseven, [{ item: 'willingness', heard: 'reluctant', verdict: 'matches' }]).needsApproval).toBe(false);
    expect(() => amendmentEffect(dayseven, [])).toThrow(InvalidAmendment);
    expect(() => amendmentEffect(dayseven, [{ item: 'phone', heard: '1', verdict: 'differs' }])).toThrow('no such answer');
    expect(() => amendmentEffect(dayseven, [{ item: 'willingness', heard: 'willing', verdict: 'matches' }])).toThrow('changes nothing');
  });

  it('QA takes every discrepancy and correction, and a stable share of the rest', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: i + 1, hasDiscrepancy: i % 50 === 0, corrected: i % 100 === 1 }));
    const picked = selectForQa(items, 5, 'qa-2026-11');
    expect(picked).toEqual(selectForQa(items, 5, 'qa-2026-11'));
    expect(picked.filter((p) => p.why === 'discrepancy')).toHaveLength(40);
    expect(picked.filter((p) => p.why === 'correction')).toHaveLength(20);
    const sampled = picked.filter((p) => p.why === 'sample').length;
    expect(sampled).toBeGreaterThan(60);
    expect(sampled).toBeLessThan(140);
    expect(() => selectForQa(items, 101, 's')).toThrow(RangeError);
  });
});
