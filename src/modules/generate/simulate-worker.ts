import { parentPort } from 'node:worker_threads';
import { type BookInput, simulateBatch } from './simulate.js';

/** Worker-thread entry: plans and simulates batches for generatePortfolio (see simulator.ts). */
export interface SimulateRequest {
  id: number;
  input: BookInput;
  indexes: number[];
}

const port = parentPort;
port?.on('message', (request: SimulateRequest) => {
  try {
    port.postMessage({ id: request.id, loans: simulateBatch(request.input, request.indexes) });
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
