import type { FormInstance } from 'antd';
import { ApiError } from './client.js';

/**
 * Puts the server's validation errors (problem+json `errors[].field`) under the form fields they
 * name, so the rules live in one place (the API's zod schemas). Returns the problem's title for
 * anything no field of the form shows.
 */
export function showProblemOnForm(form: FormInstance, error: unknown): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const fields = error.problem.errors ?? [];
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const onForm = fields.filter((f) => known.has(f.field.split('.')[0] ?? ''));
  form.setFields(onForm.map((f) => ({ name: f.field.split('.')[0] ?? f.field, errors: [f.message] })));
  return onForm.length === fields.length && onForm.length > 0 ? null : error.problem.title;
}
