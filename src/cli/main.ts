import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, ENV_DOCS } from '../config.js';
import { migrate, migrationStatus } from '../db/migrate.js';
import { isRole, PERMISSIONS, type Permission, ROLES, type Role } from '../domain/access.js';
import { issueApiToken } from '../modules/auth/api-tokens.js';
import { generatePassword, MIN_PASSWORD_LENGTH } from '../modules/auth/credentials.js';
import { createBranch, findBranchByCode } from '../modules/org/branches.js';
import { createUser, resetPassword } from '../modules/org/users.js';
import { AppError } from '../api/problem.js';
import { CliError, cliConfig, cliWho, requireCurrentSchema, withDatabase } from './context.js';
import { closeDemoEve, demoCredentialsFile, seedDemo } from './demo.js';
import { generateCommand, parseGenerateArgs } from './generate.js';
import { importCommand } from './import.js';
import { eodCommand } from './eod.js';
import { queueUrl, workerCommand } from './worker.js';
import { scheduleCommand } from './schedule.js';
import { valuationCommand } from './valuation.js';
import { runScore } from './score.js';
import { checkEodSchedule } from '../jobs/eod-schedule.js';
import { prepareSchema, startServer, untilSignal } from './serve.js';

const HELP = `daihou — 贷后 post-loan management and collections

Usage:
  daihou serve [--port N] [--migrate] [--eod-cron "30 1 * * *"] [--eod-tz Asia/Shanghai]
                                          serve the API (and, later, the web app); with --eod-cron (or
                                          DAIHOU_EOD_CRON), close business through yesterday at each tick
  daihou demo [--port N]                  demo: migrate, seed an admin and sample branches, serve
  daihou db migrate                       apply pending migrations
  daihou db status                        list migrations: applied, pending, modified, unknown
  daihou branch add --code C --name-zh N --name-en N --parent CODE [--kind branch|team]
  daihou user add --username U --name NAME --branch CODE --role R [--role R ...] [--phone P]
                                          prints a generated password (or reads one with --password-stdin)
  daihou user passwd --username U         sets a new generated password and ends the user's sessions
  daihou token create --username U --name NAME [--scope PERMISSION ...]
                                          issues an API token acting as U; printed once; --scope limits
                                          it (a GPS vendor's token: --scope telematics.ingest)
  daihou schedule --principal YUAN --annual-rate 0.06 --term MONTHS --method METHOD --first-due YYYY-MM-DD
                 [--balloon YUAN] [--json]
                                          prints a repayment schedule (no database needed);
                                          methods: annuity, equal-principal, interest-only, balloon
  daihou import borrowers|vehicles|loans|repayments|telematics FILE [--preset abs-ee --branch CODE] [--schedule FILE]
                                          imports a CSV or XLSX file; any bad row: nothing is written
                                          and every bad row is listed; the same file twice changes nothing
  daihou generate --loans N [--seed S] [--as-of YYYY-MM-DD]
                                          builds a realistic, seeded book: branches, teams, users of every
                                          role, borrowers, vehicles, loans of all methods, repayment histories
  daihou eod --date YYYY-MM-DD | --through YYYY-MM-DD [--queue]
                                          close of business: 罚息, DPD, M-buckets, 五级分类, IFRS 9 stage,
                                          history and events; --through catches up day by day; --queue
                                          hands the chunks to daihou worker processes (PostgreSQL)
  daihou worker                           derives close-of-business chunks from the queue (PostgreSQL);
                                          run any number, on any machines sharing the database
  daihou score train|psi …                trains a behaviour scorecard on any CSV, or compares two score
                                          samples (PSI); no database needed; \`daihou score --help\`
  daihou score train-book --as-of DATE    trains one on the book's own month-end history and stores it
                                          as a draft model for a risk officer to approve
  daihou valuation fit [--data DIR] [--dry-run] [--json]
                                          fits depreciation by segment on the UK used-car listings, prints
                                          each segment's fit and error, stores it as the next version
  daihou help

Roles: ${ROLES.join(', ')}

Environment:
${ENV_DOCS.map((e) => `  ${e.name.padEnd(22)} ${e.allowed} (default ${e.default})`).join('\n')}
`;

type Values = Record<string, string | boolean | string[] | undefined>;

function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`missing --${name}\n\n${HELP}`, 2);
  return v.trim();
}

function portOf(values: Values, fallback: number): number {
  if (values.port === undefined) return fallback;
  const port = Number(values.port);
  // 0 asks the system for any free port (the address printed at start names it).
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be an integer from 0 to 65535 (got ${String(values.port)})`, 2);
  return port;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** --eod-cron and --eod-tz override DAIHOU_EOD_CRON and DAIHOU_EOD_TZ; an empty --eod-cron turns it off. */
function withEodFlags(config: Config, values: Values): Config {
  const cron = typeof values['eod-cron'] === 'string' ? values['eod-cron'].trim() || null : config.eodCron;
  const timeZone = typeof values['eod-tz'] === 'string' ? values['eod-tz'].trim() : config.eodTimeZone;
  const problem = checkEodSchedule({ cron: cron ?? '0 0 * * *', timeZone });
  if (problem) throw new CliError(`${problem.field === 'cron' ? '--eod-cron' : '--eod-tz'}: ${problem.message}`, 2);
  return { ...config, eodCron: cron, eodTimeZone: timeZone };
}

async function serveCommand(values: Values, demo: boolean): Promise<void> {
  const config = withEodFlags(cliConfig(), values);
  const started = performance.now();
  await withDatabase(config, async (database) => {
    await prepareSchema(database, demo || values.migrate === true, (line) => console.log(line));
    const credentials = demoCredentialsFile(config.database);
    const login = demo ? await seedDemo(database.db, cliWho(), credentials) : null;
    // The demo's living book: 5,000 generated loans on the first start, nothing added afterwards.
    if (demo) {
      const loans = process.env.DEMO_LOANS ?? '5000';
      console.log(await generateCommand({ loans, seed: 'demo' }, database, { userPassword: login?.password }));
      const eve = await closeDemoEve(database.db);
      if (eve) console.log(eve);
    }
    const running = await startServer(config, database, portOf(values, config.port));
    console.log(`Daihou 贷后 is serving ${running.url}  (API docs: ${running.url}/api/docs; database: ${database.description}; ready in ${Math.round(performance.now() - started)} ms)`);
    if (config.eodCron) console.log(`Close of business 日终 runs at "${config.eodCron}" (${config.eodTimeZone}), through the day before, while serving`);
    if (login) {
      const kept = login.createdNow && credentials ? `  (new; kept in ${path.relative(process.cwd(), credentials)})` : '';
      console.log(`Sign in 登录: username ${login.username}  password ${login.password}${kept}`);
    } else if (demo) {
      console.log('The admin user exists but its demo password file is gone: run `daihou user passwd --username admin` for a new one.');
    }
    const signal = await untilSignal();
    console.log(`${signal}: finishing requests in flight, then stopping`);
    await running.stop();
  });
}

async function dbCommand(sub: string | undefined): Promise<void> {
  const config = cliConfig();
  await withDatabase(config, async (database) => {
    if (sub === 'migrate') {
      const applied = await migrate(database.db).catch((error: unknown) => {
        throw error instanceof Error && error.name === 'MigrationError' ? new CliError(error.message) : error;
      });
      console.log(applied.length === 0 ? 'the schema is up to date' : `applied: ${applied.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`).join(', ')}`);
      return;
    }
    if (sub === 'status') {
      const statuses = await migrationStatus(database.db);
      console.log(`database: ${database.description}`);
      for (const s of statuses) console.log(`${String(s.version).padStart(4, '0')}  ${s.state.padEnd(8)}  ${s.name}${s.appliedAt ? `  ${s.appliedAt}` : ''}`);
      const bad = statuses.filter((s) => s.state === 'modified' || s.state === 'unknown');
      if (bad.length > 0) throw new CliError(`${bad.length} migration(s) need attention (modified or unknown)`);
      return;
    }
    throw new CliError(`usage: daihou db migrate | daihou db status`, 2);
  });
}

async function branchAdd(values: Values): Promise<void> {
  const kind = (values.kind as string | undefined) ?? 'branch';
  if (kind !== 'branch' && kind !== 'team') throw new CliError('--kind must be branch or team', 2);
  const input = { code: required(values, 'code'), nameZh: required(values, 'name-zh'), nameEn: required(values, 'name-en'), parent: required(values, 'parent') };
  await withDatabase(cliConfig(), async (database) => {
    await requireCurrentSchema(database);
    const { db } = database;
    const parent = await findBranchByCode(db, input.parent);
    if (!parent) throw new CliError(`no branch with code ${input.parent}`);
    const row = await createBranch(db, cliWho(), { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, kind, parentId: parent.id });
    console.log(`created ${row.kind} ${row.code} (${row.name_zh}) at ${row.path}`);
  });
}

async function userAdd(values: Values): Promise<void> {
  const roles = (values.role as string[] | undefined) ?? [];
  if (roles.length === 0) throw new CliError(`at least one --role is needed: ${ROLES.join(', ')}`, 2);
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length > 0) throw new CliError(`unknown role(s) ${bad.join(', ')}; roles are ${ROLES.join(', ')}`, 2);
  const username = required(values, 'username').toLowerCase();
  const displayName = required(values, 'name');
  const branchCode = required(values, 'branch');
  const password = values['password-stdin'] ? await readStdin() : generatePassword();
  if (password.length < MIN_PASSWORD_LENGTH) throw new CliError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`, 2);
  await withDatabase(cliConfig(), async (database) => {
    await requireCurrentSchema(database);
    const branch = await findBranchByCode(database.db, branchCode);
    if (!branch) throw new CliError(`no branch with code ${branchCode}`);
    const phone = typeof values.phone === 'string' ? values.phone : undefined;
    const user = await createUser(database.db, cliWho(), { username, displayName, branchId: branch.id, roles: roles as Role[], password, phone });
    console.log(`created user ${user.username} (id ${user.id}) at ${branch.code} with roles ${user.roles.join(', ')}`);
    if (!values['password-stdin']) console.log(`password: ${password}`);
  });
}

async function userPasswd(values: Values): Promise<void> {
  const username = required(values, 'username').toLowerCase();
  const password = values['password-stdin'] ? await readStdin() : generatePassword();
  if (password.length < MIN_PASSWORD_LENGTH) throw new CliError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`, 2);
  await withDatabase(cliConfig(), async (database) => {
    await requireCurrentSchema(database);
    const user = await database.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) throw new CliError(`no user named ${username}`);
    await resetPassword(database.db, cliWho(), user.id, password, 'reset at the command line');
    console.log(`new password for ${username}${values['password-stdin'] ? ' set' : `: ${password}`}`);
  });
}

async function tokenCreate(values: Values): Promise<void> {
  const username = required(values, 'username').toLowerCase();
  const name = required(values, 'name');
  // --scope narrows the token to these permissions (a GPS vendor's: --scope telematics.ingest)
  const scopeValues = (values.scope as string[] | undefined) ?? [];
  const unknownScopes = scopeValues.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
  if (unknownScopes.length > 0) throw new CliError(`unknown permission(s) ${unknownScopes.join(', ')}; permissions are ${PERMISSIONS.join(', ')}`, 2);
  const scopes = scopeValues.length > 0 ? (scopeValues as Permission[]) : undefined;
  await withDatabase(cliConfig(), async (database) => {
    await requireCurrentSchema(database);
    const user = await database.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) throw new CliError(`no user named ${username}`);
    const issued = await issueApiToken(database.db, cliWho(), user.id, name, scopes);
    console.log(`token ${issued.id} "${issued.name}" for ${username} (send as Authorization: Bearer …; shown once):\n${issued.token}`);
  });
}

export async function main(argv: string[]): Promise<number> {
  // its own options, parsed by itself
  if (argv[0] === 'valuation') {
    console.log(await valuationCommand(argv.slice(1)));
    return 0;
  }
  // score parses its own options: its flags mean nothing to the other commands.
  if (argv[0] === 'score') return runScore(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      migrate: { type: 'boolean' },
      'eod-cron': { type: 'string' },
      'eod-tz': { type: 'string' },
      code: { type: 'string' },
      'name-zh': { type: 'string' },
      'name-en': { type: 'string' },
      parent: { type: 'string' },
      kind: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      branch: { type: 'string' },
      role: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      phone: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      principal: { type: 'string' },
      'annual-rate': { type: 'string' },
      term: { type: 'string' },
      method: { type: 'string' },
      'first-due': { type: 'string' },
      balloon: { type: 'string' },
      json: { type: 'boolean' },
      preset: { type: 'string' },
      schedule: { type: 'string' },
      loans: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      date: { type: 'string' },
      through: { type: 'string' },
      queue: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (!command || command === 'help' || values.help) {
    console.log(HELP);
    return 0;
  }
  if (command === 'serve') await serveCommand(values, false);
  else if (command === 'demo') await serveCommand(values, true);
  else if (command === 'db') await dbCommand(sub);
  else if (command === 'branch' && sub === 'add') await branchAdd(values);
  else if (command === 'user' && sub === 'add') await userAdd(values);
  else if (command === 'user' && sub === 'passwd') await userPasswd(values);
  else if (command === 'token' && sub === 'create') await tokenCreate(values);
  else if (command === 'schedule') console.log(scheduleCommand(values));
  else if (command === 'worker') await workerCommand(cliConfig());
  else if (command === 'eod') {
    const config = cliConfig();
    const url = values.queue ? queueUrl(config, 'daihou eod --queue') : null;
    await withDatabase(config, async (database) => {
      await requireCurrentSchema(database);
      console.log(await eodCommand(values, database, url));
    });
  } else if (command === 'generate') {
    parseGenerateArgs(values);
    console.log(await withDatabase(cliConfig(), (database) => generateCommand(values, database)));
  } else if (command === 'import') {
    await withDatabase(cliConfig(), async (database) => {
      await requireCurrentSchema(database);
      console.log(await importCommand(sub, positionals[2], values, database));
    });
  }
  else throw new CliError(`unknown command: ${positionals.join(' ')}\n\n${HELP}`, 2);
  return 0;
}

export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`daihou: ${error.message}`);
      process.exitCode = error.exitCode;
    } else if (error instanceof AppError) {
      const fields = error.errors?.map((f) => ` ${f.field}: ${f.message}`).join(';') ?? '';
      console.error(`daihou: ${error.message}${fields}`);
      process.exitCode = 1;
    } else if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      const unknown = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
      console.error(`daihou: ${error.message}${unknown ? `\n\n${HELP}` : ''}`);
      process.exitCode = 2;
    } else {
      console.error('daihou: unexpected error', error);
      process.exitCode = 1;
    }
  }
}
