import type { Database } from '../db/database.js';
import { type BusinessDate, isBusinessDate } from '../domain/business-date.js';
import { generatePassword } from '../modules/auth/credentials.js';
import { generatePortfolio } from '../modules/generate/portfolio.js';
import { currentBusinessDate } from '../modules/system/business-date.js';
import { CliError, cliWho, requireCurrentSchema } from './context.js';

type Values = Record<string, string | boolean | string[] | undefined>;

export const MAX_GENERATED_LOANS = 2_000_000;
const PROGRESS_EVERY = 1_000;

export interface GenerateArgs {
  loans: number;
  seed: string;
  /** null: the stored business date. */
  asOf: BusinessDate | null;
}

function single(values: Values, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new CliError(`--${name} needs a value`, 2);
  return v.trim();
}

/** Checks `daihou generate`'s options without touching the database (exit code 2 on a bad one). */
export function parseGenerateArgs(values: Values): GenerateArgs {
  const loansText = single(values, 'loans');
  if (loansText === undefined || loansText === '') throw new CliError(`missing --loans (1 to ${MAX_GENERATED_LOANS.toLocaleString('en-US')})`, 2);
  const loans = /^\d{1,7}$/.test(loansText) ? Number(loansText) : NaN;
  if (!Number.isInteger(loans) || loans < 1 || loans > MAX_GENERATED_LOANS) {
    throw new CliError(`--loans must be a whole number from 1 to ${MAX_GENERATED_LOANS.toLocaleString('en-US')} (got ${JSON.stringify(loansText)})`, 2);
  }
  const seed = single(values, 'seed') ?? '1';
  if (seed === '' || seed.length > 64 || /\p{Cc}/u.test(seed)) throw new CliError(`--seed must be 1 to 64 printable characters (got ${JSON.stringify(seed)})`, 2);
  const asOfText = single(values, 'as-of');
  if (asOfText !== undefined && !isBusinessDate(asOfText)) throw new CliError(`--as-of must be a real calendar date as YYYY-MM-DD (got ${JSON.stringify(asOfText)})`, 2);
  return { loans, seed, asOf: asOfText ?? null };
}

export interface GenerateCommandOptions {
  /** Password for the generated users created now; by default a random one, printed in the summary. */
  userPassword?: string | undefined;
  /** Where progress lines go (default: stderr). */
  progress?: ((line: string) => void) | undefined;
}

/**
 * `daihou generate --loans N [--seed S] [--as-of YYYY-MM-DD]`: builds (or completes) a generated
 * book in `database` and returns the summary line. Running it again with the same seed adds nothing.
 */
export async function generateCommand(values: Values, database: Database, options: GenerateCommandOptions = {}): Promise<string> {
  const args = parseGenerateArgs(values);
  await requireCurrentSchema(database);
  const businessDate = await currentBusinessDate(database.db);
  const asOf = args.asOf ?? businessDate;
  // The business date only moves forward: a book generated in the past would rewind it.
  if (asOf < businessDate) throw new CliError(`--as-of ${asOf} is before the business date ${businessDate}; the business date never moves back`, 2);
  const password = options.userPassword ?? generatePassword();
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  let reported = 0;
  const summary = await generatePortfolio(database.db, {
    loans: args.loans,
    seed: args.seed,
    asOf,
    userPassword: password,
    who: cliWho(),
    onProgress: (done, total) => {
      if (done - reported < PROGRESS_EVERY && done < total) return;
      reported = done;
      const seconds = (performance.now() - started) / 1000;
      progress(`generate: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} loans (${seconds.toFixed(1)} s)`);
    },
  });
  const rate = summary.loans > 0 && summary.seconds > 0 ? `, ${Math.round(summary.loans / summary.seconds)} loans/s` : '';
  const created = `${summary.loans} loans, ${summary.borrowers} borrowers, ${summary.repayments} repayments, ${summary.branches} branches and teams, ${summary.users} users`;
  const skipped = args.loans - summary.loans;
  const users = summary.users > 0 ? `; generated users (e.g. bj.collector1, ho.admin) sign in with password ${password}` : '';
  return (
    `generated book "${args.seed}" as of ${asOf} in ${database.description}: ${created} created` +
    `${skipped > 0 ? ` (${skipped} loans already existed)` : ''} in ${summary.seconds.toFixed(1)} s${rate}; business date set to ${asOf}${users}`
  );
}
