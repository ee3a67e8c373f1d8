import type { Api } from '../../api/context.js';
import { registerLoanFollowUpRoutes } from './routes-loan.js';
import { registerFollowUpPolicyRoutes } from './routes-policies.js';
import { registerFollowUpReviewRoutes } from './routes-review.js';
import { registerFollowUpWorkRoutes } from './routes-work.js';

/** Follow-ups (回访): policies, the agent's work, corrections and their approval, QA, KPIs and a loan's follow-ups. */
export function registerFollowUpRoutes(app: Api): void {
  registerFollowUpPolicyRoutes(app);
  registerFollowUpWorkRoutes(app);
  registerFollowUpReviewRoutes(app);
  registerLoanFollowUpRoutes(app);
}
