import { fileAmendment } from '../../src/modules/followups/amendments.js';
import { completeFollowUp } from '../../src/modules/followups/forms.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import type { World } from '../support/world.js';

/** Follow-up data of branch SH for the access probes: each call makes its own. */
const WHO = { userId: null, name: 'fixture' };
let serial = 0;

export async function shTask(w: World): Promise<number> {
  await setBusinessDate({ db: w.db } as never, '2026-03-01');
  const loanId = await makeLoan({ db: w.db } as never, w.branches.SH.id);
  serial += 1;
  const row = await w.db
    .insertInto('followup_task')
    .values({ key: `probe/${loanId}/${serial}`, loan_id: loanId, branch_id: w.branches.SH.id, kind: 'periodic', trigger: null, item: null, channel: 'phone', due_on: '2026-03-01', done_by: '2026-03-06', policy_version: 1, created_on: '2026-03-01', source_followup_id: null, source_amendment_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A completed follow-up: the borrower could not be reached. */
export async function shFollowUp(w: World): Promise<number> {
  const done = await completeFollowUp(w.db, WHO, 'en-US', await shTask(w), { answers: [{ item: 'reached', heard: 'no' }] });
  return done.followUpId;
}

/** A complaint that the borrower was reached after all: it retracts a flag, so it waits for approval. */
export async function shPendingAmendment(w: World): Promise<number> {
  const filed = await fileAmendment(w.db, WHO, 'en-US', await shFollowUp(w), { source: 'complaint', changes: [{ item: 'reached', heard: 'yes', verdict: 'matches' }], reason: '客户投诉 complaint' });
  return filed.id;
}

export async function shQaItem(w: World): Promise<number> {
  const followUpId = await shFollowUp(w);
  const row = await w.db.insertInto('qa_item').values({ followup_id: followUpId, branch_id: w.branches.SH.id, sampled_on: '2026-03-01', seed: 'qa-2026-03', why: 'sample' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
