import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json } from '../../api/schemas.js';
import { loanBranchPath } from '../loans/view.js';
import { loanFollowUps } from './loan-followups.js';
import { LoanFollowUpView } from './schemas.js';

const tags = ['followups'];

export function registerLoanFollowUpRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/followups',
      tags,
      summary: '贷款回访 Every follow-up task of a loan, newest deadline first, with the follow-up that did it and how many versions it has had',
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(LoanFollowUpView) }), 'The loan\'s follow-ups'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.read', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json({ items: await loanFollowUps(c.get('deps').db, c.req.valid('param').id) }, 200),
  );
}
