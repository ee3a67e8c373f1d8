import type { Context } from 'hono';
import type { AppEnv } from '../../api/context.js';
import { instantToIso } from '../../domain/compliance/index.js';
import type { Logged } from './contacts.js';

/**
 * A contact the compliance guard refused, as a problem document: the rule's name in the
 * request's language as the title, its reason as the detail, and `nextAllowedAt`. 409 when
 * waiting will allow it (try again then), 422 when it will not (training, a third party who may
 * not be contacted, an open-ended hold).
 */
export function refusalResponse(c: Context<AppEnv>, logged: Extract<Logged, { refused: true }>): Response {
  const lang = c.get('lang');
  const first = logged.verdict.refusals[0]!;
  const next = logged.verdict.nextAllowedAt;
  const status = next === null ? 422 : 409;
  const names = logged.verdict.refusals.map((r) => r.ruleName[lang]).join(lang === 'zh-CN' ? '、' : ', ');
  const body = {
    type: 'urn:daihou:problem:contact-refused',
    title: lang === 'zh-CN' ? `合规规则不允许此次联系：${names}` : `Contact refused by compliance rules: ${names}`,
    status,
    detail: logged.verdict.refusals.map((r) => r.reason[lang]).join(lang === 'zh-CN' ? '；' : '; '),
    rule: first.rule,
    ruleName: first.ruleName[lang],
    nextAllowedAt: next === null ? null : instantToIso(next),
    contactId: logged.contact.id,
    refusals: logged.verdict.refusals.map((r) => ({ rule: r.rule, ruleName: r.ruleName, reason: r.reason, nextAllowedAt: r.nextAllowedAt === null ? null : instantToIso(r.nextAllowedAt) })),
    requestId: c.get('requestId'),
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json; charset=utf-8' });
}
