/**
 * Telematics ingestion throughput: GPS vendor batches posted through the real HTTP handler
 * (app.request, with a scoped vendor token: authentication, envelope validation, per-item checks,
 * the multi-row INSERT … ON CONFLICT and the arrival rules), on PostgreSQL (DATABASE_URL=postgres://…;
 * a scratch database is created and dropped) or on a temporary PGlite.
 *   npm run bench -- telematics --events 200000 [--batch 2000] [--devices 5000] [--concurrency 4]
 * Devices are fitted to financed vehicles so every batch is evaluated (tamper, and a risk geofence
 * the tracks pass through); about 1 % of events are power cuts. After the run the last batches are
 * posted again to time a vendor's retry (all duplicates).
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { createApp } from '../src/api/app.js';
import { systemClock } from '../src/api/context.js';
import { migrate } from '../src/db/migrate.js';
import type { DB } from '../src/db/schema.js';
import { parseBusinessDate } from '../src/domain/business-date.js';
import { issueApiToken } from '../src/modules/auth/api-tokens.js';
import { insertBorrowers, insertVehicles } from '../src/modules/loans/book.js';
import { insertLoans } from '../src/modules/loans/create.js';
import { createUser } from '../src/modules/org/users.js';
import { scratchDatabase } from './support/scratch-db.js';

const { values } = parseArgs({ options: { events: { type: 'string' }, batch: { type: 'string' }, devices: { type: 'string' }, concurrency: { type: 'string' } } });
const EVENTS = Number(values.events ?? 200_000);
const BATCH = Number(values.batch ?? 2_000);
const DEVICES = Number(values.devices ?? 5_000);
const CONCURRENCY = Number(values.concurrency ?? 4);
const WHO = { userId: null, name: 'bench' };
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

const vin = (i: number) => {
  let s = '';
  for (let k = 0, n = i; k < 8; k++, n = Math.floor(n / VIN_CHARS.length)) s += VIN_CHARS[n % VIN_CHARS.length];
  return `LBENCH000${s}`;
};
const deviceId = (i: number) => `GPS${String(i).padStart(12, '0')}`;

async function fleet(db: Kysely<DB>, branchId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const on = parseBusinessDate('2025-06-01');
    const borrowers = await insertBorrowers(trx, Array.from({ length: DEVICES }, (_, i) => ({ externalId: `TB${i}`, kind: 'individual' as const, name: `车主${i}`, idNumber: null, branchId, facts: [], contacts: [] })), 'import', on, 'bench');
    const vehicles = await insertVehicles(trx, Array.from({ length: DEVICES }, (_, i) => ({ vin: vin(i), plate: null, make: '丰田', model: '卡罗拉', modelYear: 2025, condition: 'new' as const, priceFen: 13_000_000, mileageKm: 0, gpsDeviceId: deviceId(i) })));
    await insertLoans(
      trx,
      Array.from({ length: DEVICES }, (_, i) => ({
        externalId: `TL${i}`,
        borrowerId: borrowers[i]!,
        branchId,
        officerUserId: null,
        productCode: 'new_car',
        principalFen: 10_000_000,
        annualRate: '0.06',
        termMonths: 36,
        method: 'annuity' as const,
        balloonFen: 0,
        disbursementDate: on,
        firstDueDate: parseBusinessDate('2025-07-01'),
        vehicleId: vehicles[i]!,
      })),
    );
  });
}

/** Pre-serialised batches: each device drives east along its own line through the risk zone. */
function batches(total: number, startMs: number, prefix: string): string[] {
  const out: string[] = [];
  let events: object[] = [];
  for (let i = 0; i < total; i++) {
    const d = i % DEVICES;
    const step = Math.floor(i / DEVICES);
    const at = new Date(startMs + step * 30_000).toISOString();
    const kind = i % 97 === 0 ? 'power_cut' : 'position';
    events.push(kind === 'position' ? { eventId: `${prefix}${i}`, deviceId: deviceId(d), at, kind, lat: 30 + (d % 100) * 0.001, lng: 120.04 + step * 0.0005 } : { eventId: `${prefix}${i}`, deviceId: deviceId(d), at, kind });
    if (events.length === BATCH || i === total - 1) {
      out.push(JSON.stringify({ events }));
      events = [];
    }
  }
  return out;
}

async function serverCpuSeconds(db: Kysely<DB>): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks / 100;
}

async function main(): Promise<void> {
  const kind = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'pglite';
  const { database, cleanup } = await scratchDatabase(kind, 'bench-telematics');
  try {
    const db = database.db;
    await migrate(db);
    const ho = await db.selectFrom('branch').select('id').where('code', '=', 'HO').executeTakeFirstOrThrow();
    const owner = await createUser(db, WHO, { username: 'gps.vendor', displayName: 'GPS vendor', branchId: ho.id, roles: ['admin'], password: 'bench-password-long' });
    const { token } = await issueApiToken(db, WHO, owner.id, 'GPS vendor', ['telematics.ingest']);
    await fleet(db, ho.id);
    await db
      .insertInto('telematics_rule')
      .values({
        code: 'bench-zone',
        kind: 'geofence_enter',
        updated_by: 'bench',
        definition: JSON.stringify({ code: 'bench-zone', kind: 'geofence_enter', severity: 'high', zones: [{ code: 'market', nameZh: '二手车市场', nameEn: 'Used-car market', category: 'used_car_market', ring: [{ lat: 29.9, lng: 120.05 }, { lat: 29.9, lng: 120.06 }, { lat: 30.2, lng: 120.06 }, { lat: 30.2, lng: 120.05 }] }] }),
      })
      .execute();
    const app = createApp({ db, config: { sessionIdleMinutes: 30, cookieSecure: false }, clock: systemClock, log: pino({ level: 'silent' }) });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const start = Date.now() - 30 * 86_400_000;
    const bodies = batches(EVENTS, start, 'E');

    const post = async (bodyList: string[]) => {
      const latencies: number[] = [];
      let stored = 0;
      let duplicates = 0;
      let alerts = 0;
      let next = 0;
      const worker = async () => {
        for (let k = next++; k < bodyList.length; k = next++) {
          const t = performance.now();
          const res = await app.request('/api/v1/telematics/events', { method: 'POST', headers, body: bodyList[k]! });
          const reply = (await res.json()) as { stored: number; duplicates: number; alerts: number; rejected: number };
          if (res.status !== 200 || reply.rejected > 0) throw new Error(`batch ${k}: ${res.status} ${JSON.stringify(reply).slice(0, 300)}`);
          latencies.push(performance.now() - t);
          stored += reply.stored;
          duplicates += reply.duplicates;
          alerts += reply.alerts;
        }
      };
      const cpuFrom = process.cpuUsage();
      const serverFrom = kind === 'postgres' ? await serverCpuSeconds(db) : null;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpuFrom);
      const serverTo = serverFrom === null ? null : await serverCpuSeconds(db);
      latencies.sort((a, b) => a - b);
      const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(0);
      const server = serverFrom === null || serverTo === null ? '' : `, the database ${(serverTo - serverFrom).toFixed(1)} s`;
      return { seconds, stored, duplicates, alerts, text: `batch latency median ${q(0.5)} ms, p95 ${q(0.95)} ms; CPU: this process ${((used.user + used.system) / 1e6).toFixed(1)} s${server}` };
    };

    const events = EVENTS;
    const run = await post(bodies);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM telematics_event`.execute(db);
    if (rows[0]?.n !== events) throw new Error(`expected ${events} stored events, found ${rows[0]?.n}`);
    const replay = await post(bodies.slice(-Math.max(1, Math.floor(bodies.length / 10))));
    const replayed = replay.duplicates;
    console.log(`telematics ingestion on ${database.kind}: ${events.toLocaleString('en-US')} events in ${bodies.length} batches of ${BATCH}, ${DEVICES.toLocaleString('en-US')} devices, ${CONCURRENCY} concurrent posts (${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}):`);
    console.log(`  new events: ${run.seconds.toFixed(1)} s = ${Math.round(events / run.seconds).toLocaleString('en-US')} events/s; ${run.stored} stored, ${run.alerts} alerts raised; ${run.text}`);
    console.log(`  a retry of the last ${replayed.toLocaleString('en-US')} (all duplicates): ${replay.seconds.toFixed(1)} s = ${Math.round(replayed / replay.seconds).toLocaleString('en-US')} events/s; ${replay.text}`);
    console.log(`  peak resident memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  } finally {
    await database.close();
    await cleanup();
  }
}

await main();
