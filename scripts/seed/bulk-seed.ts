// Bulk seeding for benchmarks (issue 13 point 1, issue 14's report benchmark): N open cases, and
// optionally a year of finished ones, generated in this process by the same domain code the API runs
// (the transition tables, the clock policy and the working-day calendar) and loaded with COPY.
// Every case is one the API could have written: a submit event then one event per transition, its
// clocks (with the agencies reports count them for), results of the clocks it stopped, an HMAC of a
// valid ID number under PII_KEY and the hash of a random access code.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PiiCrypto } from '@case-desk/core';
import type { AppConfig } from '@case-desk/core';
import {
  Actor,
  CaseAction,
  CaseKind,
  CaseSnapshot,
  CaseStatus,
  ClockRecord,
  ClockResult,
  SlaPolicy,
  TransitionInput,
  WorkingCalendar,
  applyClockChanges,
  clockAgencies,
  clockChangesFor,
  clocksOnCreate,
  maskIdNumber,
  maskPhone,
  planTransition,
  shanghaiDate,
  stoppedClockResults,
  transferScope,
} from '@case-desk/domain';
import { dueColumns } from '@case-desk/sla';
import { WeightedAgencies, agencies } from './agencies';
import {
  FINISHED_REFUND_PLANS,
  FINISHED_TRANSFER_PLANS,
  GIVEN,
  OPEN_REFUND_PLANS,
  OPEN_TRANSFER_PLANS,
  REFUND_REASONS,
  SURNAMES,
  TRANSFER_REASONS,
  pickPlan,
} from './case-plans';

export interface BulkSeedOptions {
  databaseUrl: string;
  /** Open cases, created over the last OPEN_SPAN_DAYS days before `now`. */
  cases: number;
  /** Finished cases (completed, rejected or withdrawn), created over the year before `now`. */
  finishedCases?: number;
  now?: Date;
  piiKey: string;
  policy: SlaPolicy;
  /** Deterministic choices (agencies, plans, times); access codes stay random. */
  seed?: number;
  /** Cases whose access codes are returned, to look them up. */
  sample?: number;
  log?: (line: string) => void;
}

export interface SeededSample {
  id: string;
  caseNo: string;
  accessCode: string;
  kind: CaseKind;
  status: CaseStatus;
}

export interface BulkSeedResult {
  cases: number;
  clocks: number;
  events: number;
  results: number;
  sample: SeededSample[];
  seconds: { load: number; indexes: number; analyze: number };
}

const OPEN_SPAN_DAYS = 21;
const FINISHED_SPAN_DAYS = 365;
const BATCH = 5_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ACTOR: Actor = { id: '00000000-0000-0000-0000-000000000000', username: 'seed-bulk', role: 'ADMIN', agency: '110000' };
const CASE_NO_PREFIX = { TRANSFER: 'TR', REFUND: 'RF' } as const;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

const ID_CHECK = '10X98765432';

const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** mulberry32: a small, fast, seedable generator of numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}


/** A valid GB 11643 number born in the given region, distinct for each n below 10⁹. */
function idNumberOf(region: string, n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * DAY_MS);
  const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const body = `${region}${date}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return body + ID_CHECK[sum % 11];
}

function accessCode(u: () => number): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += ACCESS_CODE_ALPHABET[Math.floor(u() * 31)];
  return code;
}

// ---- COPY text format ----

const NEEDS_ESCAPE = /[\\\t\n\r]/;
function text(v: string): string {
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
function val(v: string | number | boolean | Date | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return text(v);
  return String(v);
}
function line(values: (string | number | boolean | Date | null | undefined)[]): string {
  return `${values.map(val).join('\t')}\n`;
}

const CASE_COLUMNS = [
  'id', 'seq', 'caseNo', 'kind', 'status', 'version', 'applicantName', 'idNumberHash', 'idNumberMasked', 'phoneMasked',
  'insuranceType', 'channel', 'reason', 'accessCodeHash', 'fromRegion', 'toRegion', 'scope', 'toInsuranceType',
  'contributionMonths', 'balanceAmount', 'region', 'amount', 'periodFrom', 'periodTo', 'approvedAmount', 'paidAmount',
  'pausedFromStatus', 'materialsRequested', 'rejectionCode', 'createdAt', 'updatedAt', 'closedAt', 'nextDueAt', 'overdue', 'fromProvince', 'toProvince',
];
const EVENT_COLUMNS = ['caseId', 'version', 'at', 'action', 'fromStatus', 'toStatus', 'actorId', 'actorName', 'comment', 'data'];
const CLOCK_COLUMNS = [
  'caseId', 'clock', 'kind', 'startedAt', 'budgetDays', 'dueAt', 'pausedAt', 'stoppedAt', 'pauses', 'runningDueAt', 'agency', 'otherAgency',
];
const RESULT_COLUMNS = [
  'caseId', 'clock', 'agency', 'province', 'kind', 'outcome', 'stoppedAt', 'stoppedOn', 'workingDaysUsed', 'pausedWorkingDays', 'sharedWith',
];
// The mirror of cases."nextDueAt", overdue, createdAt and seq that triggers keep (migrations case_due and
// case_due_list_order; off in these sessions).
const DUE_COLUMNS = ['caseId', 'nextDueAt', 'overdue', 'createdAt', 'seq'];
// The same once for each agency of the case, with the agency's province and the case's status
// (migrations case_agency_due and case_agency_due_status).
const AGENCY_DUE_COLUMNS = ['caseId', 'agency', 'province', 'nextDueAt', 'overdue', 'status', 'createdAt', 'seq'];
const TABLES = [
  ['cases', CASE_COLUMNS],
  ['case_events', EVENT_COLUMNS],
  ['case_clocks', CLOCK_COLUMNS],
  ['sla_clock_results', RESULT_COLUMNS],
  ['case_due', DUE_COLUMNS],
  ['case_agency_due', AGENCY_DUE_COLUMNS],
] as const;

interface CaseState {
  snapshot: CaseSnapshot;
  patch: Record<string, unknown>;
  clocks: ClockRecord[];
  version: number;
  updatedAt: Date;
  closedAt: Date | null;
}

/** Generates the rows of cases and writes them to the COPY streams of the four tables. */
class CaseWriter {
  private seq: bigint;
  counts = { cases: 0, clocks: 0, events: 0, results: 0 };
  readonly sample: SeededSample[] = [];

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly policy: SlaPolicy,
    private readonly crypto: PiiCrypto,
    private readonly agencyPicker: WeightedAgencies,
    private readonly u: () => number,
    firstSeq: bigint,
    private readonly sampleSize: number,
  ) {
    this.seq = firstSeq;
  }

  /** One case's rows, as text lines per table. */
  build(n: number, createdAt: Date, now: Date, finishedCase: boolean, out: string[][]): void {
    const u = this.u;
    const kind: CaseKind = u() < 0.7 ? 'TRANSFER' : 'REFUND';
    const plan = pickPlan(
      kind === 'TRANSFER' ? (finishedCase ? FINISHED_TRANSFER_PLANS : OPEN_TRANSFER_PLANS) : finishedCase ? FINISHED_REFUND_PLANS : OPEN_REFUND_PLANS,
      u(),
    );
    const insuranceType = plan.insuranceType ?? (u() < 0.6 ? 'EMPLOYEE' : 'RESIDENT');
    const first = this.agencyPicker.pick(u());
    const second = u() < 0.6 ? this.agencyPicker.pickInProvince(u(), first.slice(0, 2), first) : this.agencyPicker.pickOther(u(), first);
    const id = randomUUID();
    const seq = this.seq++;
    const caseNo = `${CASE_NO_PREFIX[kind]}-${shanghaiDate(createdAt).replaceAll('-', '')}-${String(seq).padStart(7, '0')}`;
    const idNumber = idNumberOf(first, n);
    const code = accessCode(u);
    const phone = `13${String(Math.floor(u() * 1e9)).padStart(9, '0')}`;
    const channel = u() < 0.7 ? 'WINDOW' : 'ONLINE';
    const transfer = kind === 'TRANSFER';
    const snapshot: CaseSnapshot = {
      kind,
      status: 'SUBMITTED',
      insuranceType,
      fromRegion: transfer ? first : null,
      toRegion: transfer ? second : null,
      region: transfer ? null : first,
      balanceAmount: null,
      amount: transfer ? null : '1234.50',
      approvedAmount: null,
      pausedFromStatus: null,
    };
    const state: CaseState = {
      snapshot,
      patch: {},
      clocks: applyClockChanges(this.calendar, this.policy, kind, [], { start: clocksOnCreate(this.policy, kind), stop: [], pause: false, resume: false }, createdAt),
      version: 1,
      updatedAt: createdAt,
      closedAt: null,
    };
    const [cases, events, clocks, results, dues, agencyDues] = out;
    events.push(line([id, 1, createdAt, 'submit', null, 'SUBMITTED', null, ACTOR.username, null, JSON.stringify({ channel })]));

    // Steps spread after creation: finished cases mostly in time (a tail late), open ones until now.
    let at = createdAt.getTime();
    const horizon = now.getTime();
    const stepped: { input: TransitionInput; at: Date }[] = [];
    for (const input of plan.steps) {
      const gap = finishedCase ? (0.5 + u() * u() * 16) * DAY_MS : (0.2 + u() * 6) * DAY_MS;
      at = Math.min(at + gap, horizon - (plan.steps.length - stepped.length) * 60_000);
      stepped.push({ input, at: new Date(Math.max(at, createdAt.getTime() + 60_000 * (stepped.length + 1))) });
    }
    for (const step of stepped) {
      const resultRows = this.apply(state, step.input, step.at, id, events);
      for (const r of resultRows) {
        results.push(
          line([id, r.clock, r.agency, r.province, r.kind, r.outcome, r.stoppedAt, r.stoppedOn, r.workingDaysUsed, r.pausedWorkingDays, r.sharedWith]),
        );
      }
      this.counts.results += resultRows.length;
    }

    for (const c of state.clocks) {
      const agencies = clockAgencies(snapshot, c.clock);
      const running = c.stoppedAt === null && c.pausedAt === null;
      clocks.push(
        line([id, c.clock, kind, c.startedAt, c.budgetDays, c.dueAt, c.pausedAt, c.stoppedAt, JSON.stringify(c.pauses), running ? c.dueAt : null, agencies.agency, agencies.other]),
      );
    }
    const p = state.patch;
    const materials = (p.materialsRequested as string[] | undefined) ?? [];
    const due = dueColumns(state.clocks, now);
    cases.push(
      line([
        id, String(seq), caseNo, kind, state.snapshot.status, state.version, `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n >> 4) % GIVEN.length]}`,
        this.crypto.idNumberHash(idNumber), maskIdNumber(idNumber), maskPhone(phone), insuranceType, channel,
        transfer ? TRANSFER_REASONS[n % TRANSFER_REASONS.length] : REFUND_REASONS[n % REFUND_REASONS.length],
        createHash('sha256').update(code).digest('hex'),
        snapshot.fromRegion, snapshot.toRegion, transfer ? transferScope(first, second) : null, transfer ? insuranceType : null,
        (p.contributionMonths as number | undefined) ?? null, (p.balanceAmount as string | undefined) ?? null,
        snapshot.region, snapshot.amount, transfer ? null : '2025-01', transfer ? null : '2025-06',
        (p.approvedAmount as string | undefined) ?? null, (p.paidAmount as string | undefined) ?? null,
        state.snapshot.pausedFromStatus, `{${materials.join(',')}}`, (p.rejectionCode as string | null | undefined) ?? null,
        // As every write sets them (the flag: due at or before the instant the row is written).
        createdAt, state.updatedAt, state.closedAt, due.nextDueAt, due.overdue,
        // What the cases_provinces trigger fills on an insert (it is off in these COPY sessions).
        snapshot.fromRegion?.slice(0, 2) ?? null, snapshot.toRegion?.slice(0, 2) ?? null,
      ]),
    );
    dues.push(line([id, due.nextDueAt, due.overdue, createdAt, String(seq)]));
    for (const agency of new Set([snapshot.fromRegion, snapshot.toRegion, snapshot.region])) {
      if (agency) agencyDues.push(line([id, agency, agency.slice(0, 2), due.nextDueAt, due.overdue, state.snapshot.status, createdAt, String(seq)]));
    }
    this.counts.cases += 1;
    this.counts.clocks += state.clocks.length;
    this.counts.events += state.version;
    if (this.sample.length < this.sampleSize && !finishedCase) {
      this.sample.push({ id, caseNo, accessCode: code, kind, status: state.snapshot.status });
    }
  }

  /** One transition, as CaseTransitionService applies it. */
  private apply(state: CaseState, input: TransitionInput, at: Date, id: string, events: string[]): ClockResult[] {
    const plan = planTransition(state.snapshot, input, ACTOR);
    const change = clockChangesFor(this.policy, state.snapshot.kind, plan.action as CaseAction, plan.to, plan.final);
    const before = state.clocks;
    state.clocks = applyClockChanges(this.calendar, this.policy, state.snapshot.kind, before, change, at);
    const finishedRows = stoppedClockResults(this.calendar, state.snapshot, before, state.clocks, plan.action);
    Object.assign(state.patch, plan.patch);
    state.snapshot = {
      ...state.snapshot,
      status: plan.to,
      balanceAmount: plan.patch.balanceAmount ?? state.snapshot.balanceAmount,
      approvedAmount: plan.patch.approvedAmount ?? state.snapshot.approvedAmount,
      pausedFromStatus: plan.patch.pausedFromStatus === undefined ? state.snapshot.pausedFromStatus : plan.patch.pausedFromStatus,
    };
    state.version += 1;
    state.updatedAt = at;
    if (plan.final) state.closedAt = at;
    const comment = input.comment?.trim() || null;
    events.push(line([id, state.version, at, plan.action, plan.from, plan.to, null, ACTOR.username, comment, JSON.stringify(plan.eventData)]));
    return finishedRows;
  }
}

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Secondary indexes of the seeded tables (their definitions), dropped during a load into empty tables. */
async function secondaryIndexes(db: Client): Promise<{ name: string; definition: string }[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = current_schema()
        AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [TABLES.map(([t]) => t)],
  );
  return rows;
}

export async function seedBulk(options: BulkSeedOptions): Promise<BulkSeedResult> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? new Date();
  const finishedCases = options.finishedCases ?? 0;
  const total = options.cases + finishedCases;
  const u = random(options.seed ?? 13);
  const control = new Client({ connectionString: options.databaseUrl });
  await control.connect();
  const streams: Client[] = [];
  try {
    const overrides = await control.query<{ date: Date; type: 'HOLIDAY' | 'WORKDAY'; name: string }>(
      `SELECT "date", "type"::text AS "type", "name" FROM calendar_overrides ORDER BY "date"`,
    );
    const calendar = WorkingCalendar.builtin().withOverrides(
      overrides.rows.map((r) => ({ date: r.date.toISOString().slice(0, 10), type: r.type, name: r.name })),
    );
    const empty = (await control.query(`SELECT NOT EXISTS (SELECT 1 FROM cases) AS empty`)).rows[0].empty as boolean;
    // Reserve the caseNo numbers: the sequence moves past them at once, as N creations would.
    const reserved = await control.query<{ first: string }>(
      `SELECT setval(pg_get_serial_sequence('cases', 'seq'), nextval(pg_get_serial_sequence('cases', 'seq')) + $1::bigint - 1) - $1::bigint + 1 AS first`,
      [total],
    );
    const writer = new CaseWriter(
      calendar,
      options.policy,
      new PiiCrypto({ piiKey: options.piiKey } as AppConfig),
      new WeightedAgencies(agencies()),
      u,
      BigInt(reserved.rows[0].first),
      options.sample ?? 0,
    );

    const indexes = empty ? await secondaryIndexes(control) : [];
    for (const index of indexes) await control.query(`DROP INDEX "${index.name}"`);
    if (indexes.length > 0) log(`dropped ${indexes.length} secondary indexes for the load (the tables were empty)`);

    const started = Date.now();
    const copies: Writable[] = [];
    for (const [table, columns] of TABLES) {
      const db = new Client({ connectionString: options.databaseUrl });
      await db.connect();
      streams.push(db);
      // Triggers off for this session: the rows carry their clock agencies, and announcing a million
      // changes to the public-status caches would be pointless (nothing can have cached them).
      await db.query(`SET session_replication_role = replica`);
      copies.push(db.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)));
    }
    const span = (finishedCase: boolean) => (finishedCase ? FINISHED_SPAN_DAYS : OPEN_SPAN_DAYS) * DAY_MS;
    for (let done = 0; done < total; ) {
      const out: string[][] = TABLES.map(() => []);
      const end = Math.min(done + BATCH, total);
      for (let n = done; n < end; n++) {
        const finishedCase = n >= options.cases;
        // Finished cases were created between a year and three weeks ago, so their steps end before now.
        const age = finishedCase ? 21 * DAY_MS + u() * (span(true) - 21 * DAY_MS) : 2 * HOUR_MS + u() * span(false);
        writer.build(n, new Date(now.getTime() - Math.floor(age)), now, finishedCase, out);
      }
      await Promise.all(copies.map((s, i) => write(s, out[i].join(''))));
      done = end;
      if (done % 100_000 === 0 || done === total) log(`${done} / ${total} cases generated (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    for (const s of copies) s.end();
    await Promise.all(copies.map((s) => finished(s)));
    const load = (Date.now() - started) / 1000;

    const indexStarted = Date.now();
    await control.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of indexes) {
      await control.query(index.definition);
      log(`index ${index.name} rebuilt`);
    }
    const indexSeconds = (Date.now() - indexStarted) / 1000;
    const analyzeStarted = Date.now();
    // VACUUM sets the visibility map, so the reports' index-only scans need no heap visits.
    await control.query(`VACUUM (ANALYZE) case_clocks, sla_clock_results, case_due, case_agency_due`);
    await control.query(`ANALYZE cases, case_events`);
    return {
      ...writer.counts,
      sample: writer.sample,
      seconds: { load, indexes: indexSeconds, analyze: (Date.now() - analyzeStarted) / 1000 },
    };
  } finally {
    await Promise.all(streams.map((s) => s.end().catch(() => undefined)));
    await control.end();
  }
}
