import type { Lang, Localized } from './i18n.js';

/**
 * Errors leave the API as RFC 9457 problem documents. `type` is stable (clients branch on it),
 * `title` is in the request's language, `errors` names the offending fields. Nothing internal —
 * no stack, no SQL — is ever in the body; the request id ties the answer to the server log.
 */
const PROBLEMS = {
  'validation': { status: 400, title: { 'zh-CN': '请求参数不合法', 'en-US': 'The request is not valid' } },
  'malformed-json': { status: 400, title: { 'zh-CN': '请求体不是合法的 JSON', 'en-US': 'The request body is not valid JSON' } },
  'unauthenticated': { status: 401, title: { 'zh-CN': '请先登录', 'en-US': 'Sign in first' } },
  'session-expired': { status: 401, title: { 'zh-CN': '登录已过期，请重新登录', 'en-US': 'Your session has expired; sign in again' } },
  'invalid-credentials': { status: 401, title: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' } },
  'account-locked': { status: 423, title: { 'zh-CN': '账户因多次登录失败已暂时锁定', 'en-US': 'The account is locked after repeated failed sign-ins' } },
  'forbidden': { status: 403, title: { 'zh-CN': '您的角色无权执行此操作', 'en-US': 'Your role does not allow this' } },
  'out-of-scope': { status: 403, title: { 'zh-CN': '该数据不属于您的机构范围', 'en-US': 'This data is outside your branch' } },
  'not-found': { status: 404, title: { 'zh-CN': '找不到该资源', 'en-US': 'Not found' } },
  'route-not-found': { status: 404, title: { 'zh-CN': '没有这个接口', 'en-US': 'No such endpoint' } },
  'payload-too-large': { status: 413, title: { 'zh-CN': '请求体过大', 'en-US': 'The request body is too large' } },
  'conflict': { status: 409, title: { 'zh-CN': '与现有数据冲突', 'en-US': 'This conflicts with existing data' } },
  'database-unavailable': { status: 503, title: { 'zh-CN': '数据库暂时不可用', 'en-US': 'The database is unavailable' } },
  'internal': { status: 500, title: { 'zh-CN': '服务器内部错误', 'en-US': 'Internal server error' } },
} as const satisfies Record<string, { status: number; title: Localized }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail?: Localized | string,
    readonly errors?: FieldError[],
  ) {
    super(typeof detail === 'string' ? detail : (detail?.['en-US'] ?? code));
    this.name = 'AppError';
    this.status = PROBLEMS[code].status;
  }
}

export function problemType(code: ProblemCode): string {
  return `urn:daihou:problem:${code}`;
}

export function toProblem(error: AppError, lang: Lang, requestId?: string): ProblemDocument {
  const doc: ProblemDocument = { type: problemType(error.code), title: PROBLEMS[error.code].title[lang], status: error.status };
  if (error.detail !== undefined) doc.detail = typeof error.detail === 'string' ? error.detail : error.detail[lang];
  if (error.errors?.length) doc.errors = error.errors;
  if (requestId) doc.requestId = requestId;
  return doc;
}
