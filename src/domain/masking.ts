/**
 * Personal data leaves the system masked unless a role that needs it asks for it. The masks keep
 * just enough to tell records apart on a screen (region code and last digits of an ID number,
 * carrier prefix and last digits of a phone) — the forms Chinese lenders and their regulators use.
 */

/** `110105199001011234` → `110105********1234`; 15-digit legacy numbers keep 6 + 4 as well. */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** Mainland mobile `13812345678` (with or without +86) → `138****5678`; other numbers keep their last four. */
export function maskPhone(phone: string): string {
  const value = phone.replace(/[\s-]/g, '');
  const mobile = /^(?:\+?86)?(1\d{10})$/.exec(value);
  if (mobile?.[1]) return `${mobile[1].slice(0, 3)}****${mobile[1].slice(-4)}`;
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/** Keeps the first character of a name: `张三丰` → `张**`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** `zhang.wei@example.com` → `z***@example.com`: the domain tells records apart, the name stays hidden. */
export function maskEmail(email: string): string {
  const value = email.trim();
  const at = value.lastIndexOf('@');
  if (at <= 0) return '*'.repeat(value.length);
  return `${value.slice(0, 1)}***${value.slice(at)}`;
}

/** An address keeps its first six characters (province and city, as a rule): `北京市朝阳区****`. */
export function maskAddress(address: string): string {
  return `${Array.from(address.trim()).slice(0, 6).join('')}****`;
}

/**
 * A borrower's declared fact as it leaves the API unrevealed, by its stored name: phones and
 * addresses masked as above, e-mail too; employer, position and income are not identifying on
 * their own and are shown.
 */
export function maskFact(fact: string, value: string): string {
  if (fact === 'mobile' || fact === 'phone') return maskPhone(value);
  if (fact === 'email') return maskEmail(value);
  if (fact.endsWith('address')) return maskAddress(value);
  return value;
}
