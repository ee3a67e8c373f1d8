import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { DEFAULT_STRATEGY } from '../../src/domain/collections/default-strategy.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { strategiesInForce } from '../../src/modules/collections/strategies.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;

describeEachDatabase('collection strategies as versioned documents', (ctx) => {
  it('ships the head-office standard, drafts with errors named by path, publishes without overlap, and previews a draft', async () => {
    const w = await buildWorld(ctx.database);
    const { app, db } = w;
    const risk = await w.session('HO', ['risk_officer']);
    const en = { 'accept-language': 'en-US' };

    // the migration published DEFAULT_STRATEGY as it is in the code
    const list = (await call(app, 'GET', '/api/v1/collection-strategies', { cookie: risk.cookie })).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ code: 'cn-standard', version: 1, status: 'published', effectiveFrom: '2026-01-01', publishedBy: 'system' });
    expect(list[0].document).toEqual(JSON.parse(JSON.stringify(DEFAULT_STRATEGY)));

    // errors name the field in the document, for the editor to show inline
    const bad = structuredClone(DEFAULT_STRATEGY) as unknown as { version: number; segments: { when: Record<string, unknown>; treatments: { day: number }[] }[]; nameZh?: string };
    bad.version = 2;
    bad.segments[5]!.when.buckets = ['M1', 'M9'];
    bad.segments[5]!.treatments[2]!.day = 2;
    const refused = await call(app, 'POST', '/api/v1/collection-strategies', { cookie: risk.cookie, body: bad, headers: en });
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe('urn:daihou:problem:validation');
    expect(refused.body.errors).toEqual([
      { field: 'segments.5.when.buckets.1', message: 'unknown bucket M9; bands are M0, M1, M2, M3, M4, M5, M6, M7+' },
      { field: 'segments.5.treatments.2.day', message: 'steps must be in order of day, each later than the one before' },
    ]);
    delete bad.nameZh;
    expect((await call(app, 'POST', '/api/v1/collection-strategies', { cookie: risk.cookie, body: bad })).body.errors[0].field).toBe('nameZh');

    // version 2 from 2027: a draft until published; a version number is used once
    const v2 = { ...DEFAULT_STRATEGY, version: 2, effectiveFrom: '2027-01-01' };
    const drafted = await call(app, 'POST', '/api/v1/collection-strategies', { cookie: risk.cookie, body: v2 });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ status: 'draft', createdBy: risk.user.username });
    expect((await call(app, 'POST', '/api/v1/collection-strategies', { cookie: risk.cookie, body: v2 })).status).toBe(409);
    expect((await strategiesInForce(db, d('2027-01-01')))?.champion.version).toBe(1);
    const published = await call(app, 'POST', `/api/v1/collection-strategies/${drafted.body.id}/publish`, { cookie: risk.cookie });
    expect(published.body).toMatchObject({ status: 'published', publishedBy: risk.user.username });
    expect((await call(app, 'POST', `/api/v1/collection-strategies/${drafted.body.id}/publish`, { cookie: risk.cookie })).status).toBe(409);
    expect((await strategiesInForce(db, d('2026-12-31')))?.champion.version).toBe(1);
    expect((await strategiesInForce(db, d('2027-01-01')))?.champion.version).toBe(2);

    // an open-ended version starting before version 2 would rewrite what is published: refused
    const v3 = await call(app, 'POST', '/api/v1/collection-strategies', { cookie: risk.cookie, body: { ...DEFAULT_STRATEGY, version: 3, effectiveFrom: '2026-06-01' } });
    const overlap = await call(app, 'POST', `/api/v1/collection-strategies/${v3.body.id}/publish`, { cookie: risk.cookie, headers: en });
    expect(overlap.status).toBe(409);
    expect(overlap.body.detail).toBe('overlaps published cn-standard version 2 (2027-01-01–…): a new version must start after every published one and outside any range one sets explicitly');

    // a champion naming a challenger, then the challenger: 20 % of accounts, a stable split
    const v4 = await call(app, 'POST', '/api/v1/collection-strategies', { cookie: risk.cookie, body: { ...DEFAULT_STRATEGY, version: 4, effectiveFrom: '2027-02-01', challenger: { code: 'cn-soft', percent: 20, seed: 'exp-2027' } } });
    expect((await call(app, 'POST', `/api/v1/collection-strategies/${v4.body.id}/publish`, { cookie: risk.cookie })).status).toBe(200);
    const soft = await call(app, 'POST', '/api/v1/collection-strategies', { cookie: risk.cookie, body: { ...DEFAULT_STRATEGY, code: 'cn-soft', nameEn: 'Soft', effectiveFrom: '2027-02-01' } });
    expect((await call(app, 'POST', `/api/v1/collection-strategies/${soft.body.id}/publish`, { cookie: risk.cookie })).status).toBe(200);
    const inForce = await strategiesInForce(db, d('2027-02-01'));
    expect([inForce?.champion.version, inForce?.challenger?.code]).toEqual([4, 'cn-soft']);

    // preview: what a draft would do with the overdue loans of a branch today
    const loans = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.SH.id)];
    await setBusinessDate(ctx.database, '2026-02-04');
    await closeThrough(db, d('2026-02-04'));
    const draft = { ...DEFAULT_STRATEGY, version: 9, segments: DEFAULT_STRATEGY.segments.map((s) => (s.code === 'early' ? { ...s, treatments: [{ code: 'visit-d1', action: 'field_visit', day: 1, priority: 1, slaHours: 48 }] } : s)) };
    const preview = await call(app, 'POST', '/api/v1/collection-strategies/preview', { cookie: risk.cookie, body: { document: draft, branchId: w.branches.BJ.id } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ asOf: '2026-02-04', branchCode: 'BJ', evaluated: 2 });
    expect(preview.body.rows).toEqual([{ group: 'champion', segment: 'early', step: 'visit-d1', action: 'field_visit', loans: 2, overdueFen: 2 * 304_219, sample: loans.slice(0, 2), samples: expect.any(Array) }]);
    // each sample loan is explained in the evaluation's words: the segments passed over and the step
    expect(preview.body.rows[0].samples[0]).toMatchObject({ loanId: loans[0], dpd: 4, bucket: 'M1', overdueFen: 304_219, why: { en: 'day 4 from 2026-01-31: at step visit-d1 (from day 1)' } });
    expect(preview.body.rows[0].samples[0].skipped.map((x: { segment: string }) => x.segment)).toEqual(['held', 'malicious', 'hardship', 'promised', 'pre-due']);
    const invalid = await call(app, 'POST', '/api/v1/collection-strategies/preview', { cookie: risk.cookie, body: { document: { ...draft, segments: [] } } });
    expect(invalid.body.errors[0].field).toBe('document.segments');
  }, 300_000);
});
