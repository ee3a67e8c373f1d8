import { expect, it } from 'vitest';
import { openApiDocument } from '../../scripts/gen-api-types.js';

it('the OpenAPI document describes the follow-up routes, with their bodies', async () => {
  const doc = (await openApiDocument()) as { paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown[] }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
  const paths = Object.keys(doc.paths).filter((p) => /followup|amendments|\/qa/.test(p)).sort();
  expect(paths).toEqual([
    '/api/v1/amendments',
    '/api/v1/amendments/{id}/approve',
    '/api/v1/amendments/{id}/reject',
    '/api/v1/followup-policies',
    '/api/v1/followup-policies/branches/{id}',
    '/api/v1/followup-policies/effective',
    '/api/v1/followups/kpis',
    '/api/v1/followups/mine',
    '/api/v1/followups/{id}/amendments',
    '/api/v1/followups/{id}/complete',
    '/api/v1/followups/{id}/form',
    '/api/v1/followups/{id}/history',
    '/api/v1/loans/{id}/followups',
    '/api/v1/qa',
    '/api/v1/qa/{id}',
    '/api/v1/qa/{id}/score',
  ]);
  expect(doc.paths['/api/v1/followups/{id}/complete']!.post!.security).toEqual([{ session: [] }, { token: [] }]);
  expect(Object.keys(doc.components.schemas.FollowUpPolicyPublish!.properties!)).toEqual(expect.arrayContaining(['afterDisbursementDays', 'periodicMonthsByGrade', 'fieldVisit', 'slaDays', 'reason']));
  expect(Object.keys(doc.components.schemas.FollowUpComplete!.properties!)).toEqual(['answers', 'note']);
});
