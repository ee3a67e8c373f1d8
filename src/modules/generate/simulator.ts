import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BookInput, type SimulatedLoan, simulateBatch } from './simulate.js';
import type { SimulateRequest } from './simulate-worker.js';

/**
 * Runs simulateBatch on a worker thread, so that the next batch is planned, simulated and
 * replayed while the current one is written (PGlite runs on the main thread; the ledger replay
 * is most of the CPU). The result is the same as in-thread: every draw depends only on the seed
 * and the loan's index. If the worker cannot start or dies, work falls back to the main thread.
 */
export interface Simulator {
  /** Where batches are computed now: 'in-thread' from the start, or after the worker failed. */
  readonly mode: 'worker' | 'in-thread';
  run(indexes: readonly number[]): Promise<SimulatedLoan[]>;
  close(): Promise<void>;
}

type Reply = { id: number; loans: SimulatedLoan[] } | { id: number; error: string };

export function inThreadSimulator(input: BookInput): Simulator {
  return {
    mode: 'in-thread',
    run: (indexes) => Promise.resolve().then(() => simulateBatch(input, indexes)),
    close: () => Promise.resolve(),
  };
}

function startWorker(): Worker | null {
  try {
    if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./simulate-worker.js', import.meta.url));
    // Running from the sources (tests, tsx): the worker is TypeScript, so it registers tsx's loader
    // before importing it. tsx is a development dependency; dist/ never takes this path.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')).href;
    const entry = new URL('./simulate-worker.ts', import.meta.url).href;
    const bootstrap = `import(new URL('dist/esm/api/index.mjs', ${JSON.stringify(tsx)}).href).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(bootstrap, { eval: true });
  } catch {
    return null;
  }
}

export function workerSimulator(input: BookInput): Simulator {
  const fallback = inThreadSimulator(input);
  let worker = startWorker();
  if (!worker) return fallback;
  let nextId = 0;
  const pending = new Map<number, { indexes: readonly number[]; resolve: (loans: SimulatedLoan[]) => void; reject: (error: Error) => void }>();
  const abandon = (): void => {
    worker = null;
    for (const [id, p] of pending) {
      pending.delete(id);
      fallback.run(p.indexes).then(p.resolve, p.reject);
    }
  };
  worker.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if ('error' in reply) p.reject(new Error(`generator worker: ${reply.error}`));
    else p.resolve(reply.loans);
  });
  worker.on('error', abandon);
  worker.on('exit', abandon);
  return {
    get mode() {
      return worker ? 'worker' : 'in-thread';
    },
    run(indexes) {
      if (!worker) return fallback.run(indexes);
      const w = worker;
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { indexes, resolve, reject });
        const request: SimulateRequest = { id, input, indexes: [...indexes] };
        w.postMessage(request);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) {
        w.removeAllListeners('exit');
        await w.terminate();
      }
    },
  };
}
