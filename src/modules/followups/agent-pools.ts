import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Which follow-up agent takes a new task: one of the loan's branch (or, when it has none, of the
 * nearest branch above it that has some), the least loaded first, ties to the lowest user id. A
 * run plans its new tasks' agents here, in memory, before inserting them, so a first run over a
 * whole book writes each task once instead of inserting it and then updating it (measured: the
 * update cost as much as the insert). The same rule as `assignOpenTasks` in SQL.
 */
export interface AgentPools {
  /** The agent for a new task of a branch, counted as one more open task of theirs; null: no agent anywhere above. */
  take(branchId: number): number | null;
}

interface Slot {
  load: number;
  userId: number;
}

/** A binary min-heap by (load, userId): the least loaded agent of a pool in O(log n). */
class Heap {
  private readonly items: Slot[] = [];
  private less(a: Slot, b: Slot): boolean {
    return a.load < b.load || (a.load === b.load && a.userId < b.userId);
  }
  push(slot: Slot): void {
    const a = this.items;
    a.push(slot);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  /** Gives the least loaded agent one more task and returns them. */
  takeMin(): number | null {
    const a = this.items;
    const top = a[0];
    if (!top) return null;
    top.load += 1;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
      if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
    return top.userId;
  }
}

export async function loadAgentPools(db: Kysely<DB>): Promise<AgentPools> {
  const { rows: agents } = await sql<{ user_id: number; branch_id: number; load: number }>`
    SELECT u.id AS user_id, CASE WHEN b.kind = 'team' THEN b.parent_id ELSE u.branch_id END AS branch_id, count(t.id)::int AS load
      FROM app_user u
      JOIN user_role r ON r.user_id = u.id AND r.role = 'followup_agent'
      JOIN branch b ON b.id = u.branch_id
      LEFT JOIN followup_task t ON t.assigned_user_id = u.id AND t.status = 'open'
     WHERE u.active
     GROUP BY u.id, b.kind, b.parent_id, u.branch_id`.execute(db);
  const branches = await db.selectFrom('branch').select(['id', 'path']).execute();
  const heaps = new Map<number, Heap>();
  for (const a of agents) {
    let heap = heaps.get(a.branch_id);
    if (!heap) heaps.set(a.branch_id, (heap = new Heap()));
    heap.push({ load: a.load, userId: a.user_id });
  }
  const pathOf = new Map(branches.map((b) => [b.id, b.path]));
  const idOfPath = new Map(branches.map((b) => [b.path, b.id]));
  const poolOf = new Map<number, Heap | null>();
  const pool = (branchId: number): Heap | null => {
    if (poolOf.has(branchId)) return poolOf.get(branchId)!;
    // walk up the path '/HO/BJ/BJ-T1/' → '/HO/BJ/' → '/HO/' to the first branch with agents
    let path = pathOf.get(branchId) ?? '';
    let found: Heap | null = null;
    while (path.length > 1 && found === null) {
      found = heaps.get(idOfPath.get(path) ?? -1) ?? null;
      path = path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1);
    }
    poolOf.set(branchId, found);
    return found;
  };
  return { take: (branchId) => pool(branchId)?.takeMin() ?? null };
}
