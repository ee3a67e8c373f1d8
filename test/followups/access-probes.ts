import type { Fixtures } from '../support/access-check.js';
import { shFollowUp } from './fixtures.js';

/**
 * Access probes of the follow-up routes added for the web pages (merged into
 * test/access-fixtures.ts beside the module's first ones), each aimed at data of branch SH.
 */
export const followupFixtures: Fixtures = {
  'GET /api/v1/loans/{id}/followups': async (w) => {
    const followUpId = await shFollowUp(w);
    const { loan_id } = await w.db.selectFrom('followup').select('loan_id').where('task_id', '=', followUpId).executeTakeFirstOrThrow();
    return { path: `/api/v1/loans/${loan_id}/followups` };
  },
};
