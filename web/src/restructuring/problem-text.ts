import { ApiError } from '../api/client.js';

/**
 * What the server said, in the user's language: the problem's detail carries the words that
 * matter here (which limit, which quota, how much is left), the title only its kind.
 */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ? `${error.problem.title}: ${error.problem.detail}` : error.problem.title;
  return error instanceof Error ? error.message : String(error);
}
