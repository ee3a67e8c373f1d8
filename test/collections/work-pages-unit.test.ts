import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGY } from '../../src/domain/collections/default-strategy.js';
import { ACTIONS, TAGS } from '../../src/domain/collections/strategy.js';
import { CHANNELS, HOLD_KINDS, PARTIES as SERVER_PARTIES } from '../../src/domain/compliance/index.js';
import { CONTACT_OUTCOMES } from '../../src/modules/collections/compliance-context.js';
import { CONTACT_CHANNELS, OUTCOMES, PARTIES } from '../../web/src/collections/labels.js';
import { talkingPoints } from '../../web/src/collections/talking-points.js';
import { loadAreaStrings, translate } from '../../web/src/i18n/translate.js';
import { zhCN } from '../../web/src/locales/zh-CN.js';

const keys = (points: ReturnType<typeof talkingPoints>) => points.map((p) => p.key);

describe('the collections work pages', () => {
  // the pages load the areas' strings before they render; so does this test
  beforeAll(() => loadAreaStrings());

  it('name every code the server sends, and offer exactly the channels, parties and outcomes it takes', () => {
    expect([...CONTACT_CHANNELS].sort()).toEqual([...CHANNELS].sort());
    expect([...PARTIES].sort()).toEqual([...SERVER_PARTIES].sort());
    expect([...OUTCOMES].sort()).toEqual([...CONTACT_OUTCOMES].sort());
    const named = (prefix: string, codes: readonly string[]) => codes.filter((c) => !(`${prefix}.${c}` in zhCN));
    expect(named('coll.channel', CHANNELS)).toEqual([]);
    expect(named('coll.party', SERVER_PARTIES)).toEqual([]);
    expect(named('coll.outcome', CONTACT_OUTCOMES)).toEqual([]);
    expect(named('coll.action', [...ACTIONS, 'escalation'])).toEqual([]);
    expect(named('coll.holdKind', HOLD_KINDS)).toEqual([]);
    expect(named('coll.tag', TAGS)).toEqual([]);
    expect(named('coll.segment', DEFAULT_STRATEGY.segments.map((s) => s.code))).toEqual([]);
    // every segment of the shipped strategy has talking points of its own
    for (const s of DEFAULT_STRATEGY.segments) expect(keys(talkingPoints({ segment: s.code, action: null, dpd: 0, overdue: '¥0.00', tags: [], promise: null })), s.code).not.toContain('coll.tp.segment.other');
  });

  it('choose talking points from the segment, the step, the tags and the promise, in the order a call runs', () => {
    const call = talkingPoints({ segment: 'mid', action: 'call', dpd: 45, overdue: '¥3,042.19', tags: ['dispute'], promise: 'broken' });
    expect(keys(call)).toEqual(['coll.tp.verify', 'coll.tp.owed', 'coll.tp.segment.mid', 'coll.tp.promiseBroken', 'coll.tp.tag.dispute', 'coll.tp.promise', 'coll.tp.conduct']);
    expect(translate('zh-CN', call[1]!.key, call[1]!.vars)).toBe('已逾期 45 天，逾期应还 ¥3,042.19：说明金额与逾期天数，询问未还原因。');
    expect(translate('en-US', call[1]!.key, call[1]!.vars)).toBe('45 days past due, ¥3,042.19 overdue: state the amount and the days, and ask why it is unpaid.');
    // a reminder before due: nothing owed yet, no conversation to steer
    expect(keys(talkingPoints({ segment: 'pre-due', action: 'sms', dpd: 0, overdue: '¥0.00', tags: [], promise: 'none' }))).toEqual(['coll.tp.segment.preDue', 'coll.tp.conduct']);
    // a visit reminds of the two collectors; the hardship segment does not repeat its tag
    expect(keys(talkingPoints({ segment: 'hardship', action: 'field_visit', dpd: 20, overdue: '¥1.00', tags: ['hardship'], promise: 'none' }))).toEqual([
      'coll.tp.verify',
      'coll.tp.owed',
      'coll.tp.segment.hardship',
      'coll.tp.visit',
      'coll.tp.promise',
      'coll.tp.conduct',
    ]);
    // a segment a newer strategy adds still gets general points
    expect(keys(talkingPoints({ segment: 'vip', action: 'call', dpd: 3, overdue: '¥1.00', tags: [], promise: null }))).toContain('coll.tp.segment.other');
  });
});
