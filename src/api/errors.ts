import { HTTPException } from 'hono/http-exception';
import { DatabaseUnavailable } from '../db/database.js';
import { AppError } from './problem.js';

/** Maps whatever was thrown to a problem; null means "a bug": log it and answer 500. */
export function classifyError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400 && /json/i.test(error.message)) return new AppError('malformed-json', error.message);
    if (error.status === 413) return new AppError('payload-too-large');
    if (error.status === 401) return new AppError('unauthenticated');
    if (error.status === 404) return new AppError('route-not-found');
    if (error.status < 500) return new AppError('validation', error.message);
    return null;
  }
  if (error instanceof DatabaseUnavailable) return new AppError('database-unavailable');
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  // SQLSTATE classes: 23 integrity, 22 data, 40 serialization/deadlock, 08 and 57P0x connection loss.
  if (code === '23505' || code.startsWith('40')) return new AppError('conflict');
  if (code.startsWith('23') || code.startsWith('22')) return new AppError('validation');
  if (code.startsWith('08') || code.startsWith('57P0') || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    return new AppError('database-unavailable');
  }
  return null;
}
