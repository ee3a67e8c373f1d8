import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayValue, FACT_KINDS, kindOfStored, readFactValue, storedFactOf } from './borrower-facts.js';

const ok = (kind: Parameters<typeof readFactValue>[0], raw: string) => {
  const read = readFactValue(kind, raw);
  if (!read.ok) throw new Error(`${kind} ${raw}: ${read.reason['en-US']}`);
  return [read.fact, read.value];
};
const reason = (kind: Parameters<typeof readFactValue>[0], raw: string) => {
  const read = readFactValue(kind, raw);
  return read.ok ? null : read.reason['en-US'];
};

describe('declared facts, checked by kind', () => {
  it('keeps a mobile as 11 digits, without +86, spaces or dashes', () => {
    expect(ok('mobile', ' +86 139-1234-5678 ')).toEqual(['mobile', '13912345678']);
    expect(ok('mobile', '13812345678')).toEqual(['mobile', '13812345678']);
    expect(reason('mobile', '12812345678')).toMatch(/mainland mobile/);
    expect(reason('mobile', '1381234567')).toMatch(/mainland mobile/);
  });

  it('takes monthly income in yuan and stores fen', () => {
    expect(ok('monthly_income', '15000')).toEqual(['monthly_income_fen', '1500000']);
    expect(ok('monthly_income', '15000.5')).toEqual(['monthly_income_fen', '1500050']);
    expect(displayValue('monthly_income_fen', '1500050')).toBe('15000.50');
    expect(reason('monthly_income', '-1')).toMatch(/yuan/);
    expect(reason('monthly_income', '1e5')).toMatch(/yuan/);
    expect(reason('monthly_income', '10000000.01')).toMatch(/not plausible/);
  });

  it('checks phones, e-mail and text lengths, and refuses blanks in both languages', () => {
    expect(ok('phone', '010-6512 3456')).toEqual(['phone', '010-6512 3456']);
    expect(ok('phone', '(0755) 8888-1234')).toEqual(['phone', '(0755) 8888-1234']);
    expect(reason('phone', '110')).toMatch(/7–16 digits/);
    expect(ok('email', 'li.na@example.com.cn')).toEqual(['email', 'li.na@example.com.cn']);
    expect(reason('email', 'li.na@example')).toBe('not an e-mail address');
    expect(ok('home_address', '北京市  朝阳区 建国路88号')).toEqual(['home_address', '北京市 朝阳区 建国路88号']);
    expect(reason('work_address', '北京')).toBe('must have at least 4 characters');
    expect(ok('position', '司机')).toEqual(['position', '司机']);
    expect(reason('employer', 'x'.repeat(201))).toBe('must have at most 200 characters');
    const blank = readFactValue('employer', '  ');
    expect(blank).toEqual({ ok: false, reason: { 'zh-CN': '不能为空', 'en-US': 'must not be empty' } });
  });

  it('maps every kind to its stored fact and back', () => {
    for (const kind of FACT_KINDS) expect(kindOfStored(storedFactOf(kind))).toBe(kind);
  });

  it('reads back any income it stored as the same yuan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (fen) => {
        const read = readFactValue('monthly_income', displayValue('monthly_income_fen', String(fen)));
        expect(read).toEqual({ ok: true, fact: 'monthly_income_fen', value: String(fen) });
      }),
    );
  });
});
