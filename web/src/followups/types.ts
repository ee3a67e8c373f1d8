import type { Schemas } from '../api/client.js';
import type { Derived } from '../../../src/domain/followups/derive.js';

/**
 * Shapes of the follow-up answers the OpenAPI document leaves open (records and unknown[] for the
 * derived parts), written once here after src/modules/followups/history.ts, qa.ts and derive.ts.
 */
export type { Derived };
export type Item = Schemas['FollowUpForm']['items'][number]['item'];
export type Verdict = 'matches' | 'differs' | 'could_not_verify';
export const VERDICTS: readonly Verdict[] = ['matches', 'differs', 'could_not_verify'];
export type Channel = Schemas['FollowUpForm']['task']['channel'];

export interface Answer {
  item: Item;
  fileValue: string | null;
  heard: string | null;
  verdict: Verdict;
  evidence?: { photos: string[]; lat: number; lng: number };
}

export type AmendmentStatus = 'pending' | 'applied' | 'approved' | 'rejected';
export type AmendmentSource = 'agent' | 'qa' | 'complaint';

export interface Reconciliation {
  retract: Derived;
  add: Derived;
}

export interface OriginalVersion {
  version: 0;
  answers: Answer[];
  derived: Derived;
  hasDiscrepancy: boolean;
  unreachable: boolean;
  note: string | null;
  by: string;
  on: string;
  at: string;
}

export interface AmendmentVersion {
  id: number;
  version: number | null;
  correctsVersion: number | null;
  status: AmendmentStatus;
  source: AmendmentSource;
  reason: string;
  changes: { item: Item; heard: string | null; verdict: Verdict }[];
  answers: Answer[];
  effect: Reconciliation;
  needsApproval: boolean;
  madeBy: string;
  madeOn: string;
  madeAt: string;
  decidedBy: string | null;
  decidedOn: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  qaItemId: number | null;
}

export interface FlagRow {
  id: number;
  flag: string;
  item: Item;
  evidence: string;
  setOn: string;
  setByVersion: number | null;
  clearedOn: string | null;
  clearedByAmendmentId: number | null;
}

export interface FactRow {
  factId: number;
  fact: string;
  action: 'derived' | 'verified' | 'restored';
  verification: string;
  effectiveFrom: string;
  byVersion: number | null;
}

export interface History {
  followUpId: number;
  loanId: number;
  loanExternalId: string;
  kind: string;
  channel: Channel;
  revealed: boolean;
  currentVersion: number;
  original: OriginalVersion;
  amendments: AmendmentVersion[];
  flags: FlagRow[];
  facts: FactRow[];
}

export interface PendingAmendment {
  id: number;
  followUpId: number;
  source: AmendmentSource;
  reason: string;
  changedItems: Item[];
  effect: Reconciliation;
  madeBy: string;
  ownAmendment: boolean;
  madeOn: string;
  madeAt: string;
  loanId: number;
  agent: string;
  branchCode: string;
}

export interface QaListItem {
  id: number;
  followUpId: number;
  why: 'sample' | 'discrepancy' | 'correction';
  status: 'open' | 'scored';
  sampledOn: string;
  errorCount: number | null;
  amendmentId: number | null;
  scoredBy: string | null;
  scoredOn: string | null;
  loanId: number;
  channel: Channel;
  completedOn: string;
  agent: string;
  branchCode: string;
}

export interface QaItemView {
  id: number;
  followUpId: number;
  why: QaListItem['why'];
  status: 'open' | 'scored';
  scores: { item: Item; correct: boolean; note?: string; shouldBe?: { heard: string | null; verdict?: Verdict } }[] | null;
  errorCount: number | null;
  amendmentId: number | null;
  channel: Channel;
  agent: string;
  completedOn: string;
  answers: Answer[];
}
