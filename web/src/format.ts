/**
 * The one place money and dates are formatted for display. Money arrives as integer fen and is
 * shown as yuan with thousands separators (¥1,234.56); it is never divided as a float, so no
 * amount is ever shown a fen off. Business dates arrive as YYYY-MM-DD and are shown as they are.
 */

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/**
 * Yuan typed by a person ("1,234.5", "¥88") to integer fen, by string arithmetic: 0.1 + 0.2 style
 * float errors cannot creep in. Null when it is not an amount with at most two decimals.
 */
export function parseYuanToFen(text: string): number | null {
  const cleaned = text.trim().replace(/^¥/, '').replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Fen to the plain yuan string an input box shows ("1234.56"), or '' for nothing. */
export function fenToYuanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  return formatFen(fen).replace('¥', '').replace(/,/g, '');
}

/** An annual rate stored as a decimal string ("0.0588") as a percentage ("5.88%"). */
export function formatRate(rate: string | null | undefined): string {
  if (!rate) return '—';
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) return rate;
  const digits = `${match[1]}${(match[2] ?? '').padEnd(2, '0')}`;
  const whole = digits.slice(0, match[1]!.length + 2).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(match[1]!.length + 2).replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

export function formatDate(date: string | null | undefined): string {
  return date ? date.slice(0, 10) : '—';
}

/** An instant (ISO timestamp) in the browser's time zone as YYYY-MM-DD HH:mm:ss. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : groupThousands(String(n));
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** A ratio sent as a decimal string ("0.012345") as a percentage with two decimals ("1.23%"). */
export function formatRatio(ratio: string | null | undefined): string {
  if (ratio === null || ratio === undefined || ratio === '') return '—';
  const n = Number(ratio);
  return Number.isFinite(n) ? `${(n * 100).toFixed(2)}%` : ratio;
}

/** Short money for chart axes (万 / M): display only, never for sums. */
export function formatFenCompact(fen: number, lang: 'zh-CN' | 'en-US'): string {
  if (lang === 'zh-CN') {
    const wan = fen / 1_000_000;
    return Math.abs(wan) >= 10_000 ? `${(wan / 10_000).toFixed(1)}亿` : `${wan.toFixed(wan >= 100 || wan === 0 ? 0 : 1)}万`;
  }
  const millions = fen / 100_000_000;
  return Math.abs(millions) >= 1 ? `¥${millions.toFixed(1)}M` : `¥${(fen / 100_000).toFixed(0)}K`;
}
