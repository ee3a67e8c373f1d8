/** What every part of a close of business shares: options, step timings, fault injection. */
export interface StepTiming {
  step: string;
  ms: number;
  rows: number;
}

export interface EodOptions {
  /** Unpaid amounts at or below this many fen do not make a loan overdue. */
  toleranceFen?: number;
  operationalGraceDays?: number;
  /** Loan ids per chunk (a range of ids, so chunks of a sparse book hold fewer loans). */
  chunkSize?: number;
  /**
   * Fails the run at a named point, to prove a run killed there leaves nothing half-written.
   * Tests set it directly; `DAIHOU_EOD_FAULT` sets it for the CLI.
   */
  faultAt?: string;
  /** Waits this long after each chunk (the SIGKILL test's window). `DAIHOU_EOD_PAUSE_MS`. */
  pauseMs?: number;
}

export const FAULT_POINTS = [
  'plan',
  'chunk:select',
  'chunk:penalty',
  'chunk:derive',
  'chunk:portfolio',
  'chunk:done',
  'between-chunks',
  'publish:events',
  'publish:history',
  'publish:status',
  'publish:portfolio',
  'publish:commit',
] as const;

export class InjectedFault extends Error {
  constructor(readonly point: string) {
    super(`fault injected at ${point}`);
    this.name = 'InjectedFault';
  }
}

export function fault(options: EodOptions, point: (typeof FAULT_POINTS)[number]): void {
  if (options.faultAt === point) throw new InjectedFault(point);
}

/** Rows a statement wrote (Kysely reports them as a bigint, or not at all). */
export const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

export async function timed(steps: StepTiming[], step: string, run: () => Promise<number>): Promise<void> {
  const started = performance.now();
  const rows = await run();
  steps.push({ step, ms: Math.round(performance.now() - started), rows });
}

/** Sums the same step over chunks, keeping the order steps first appeared in. */
export function sumSteps(lists: ReadonlyArray<readonly StepTiming[]>): StepTiming[] {
  const by = new Map<string, StepTiming>();
  for (const s of lists.flat()) {
    const t = by.get(s.step) ?? { step: s.step, ms: 0, rows: 0 };
    t.ms += s.ms;
    t.rows += s.rows;
    by.set(s.step, t);
  }
  return [...by.values()];
}
