import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import { CASE_CHANGED_CHANNEL, CaseChangeRepository } from './case-change.repository';

export { CASE_CHANGED_CHANNEL } from './case-change.repository';

const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 10_000;
/** A connection that stops answering is treated as lost after this long, so a silent network cut cannot keep stale copies alive. */
const HEARTBEAT_EVERY_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

export interface CaseChangeListener {
  /**
   * A committed change to this case (or an announcement about it): drop any copy of it. `agencies`:
   * the case's agencies (fromRegion, toRegion, region), or null when the notice did not say.
   */
  caseChanged(caseNo: string, agencies: readonly string[] | null): void;
  /**
   * Listening started (true) or stopped (false). Changes made while not listening were not heard, so
   * a copy kept from before either event may be stale.
   */
  feedReset(listening: boolean): void;
}

/**
 * Tells the process about every committed change to a case, from PostgreSQL's LISTEN/NOTIFY: the
 * database's triggers announce each change to a case row or its clocks whoever wrote it (an API
 * replica, the worker, a fix in psql), and only once it has committed. One dedicated connection per
 * process, opened by the first subscriber; it is re-opened with backoff when lost, and a heartbeat
 * finds a connection that stopped answering. While it is down, subscribers are told to keep nothing.
 */
@Injectable()
export class CaseChangeFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(CaseChangeFeed.name);
  private readonly listeners = new Set<CaseChangeListener>();
  private client: Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  private opening: Promise<void> | null = null;
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changes: CaseChangeRepository,
  ) {}

  get listening(): boolean {
    return this.client !== null;
  }

  /** Adds a listener; the first one opens the connection (resolves after that first attempt, successful or not). */
  async subscribe(listener: CaseChangeListener): Promise<void> {
    this.listeners.add(listener);
    if (this.client !== null) listener.feedReset(true);
    else await (this.opening ??= this.open());
  }

  /** Removes a listener; the connection stays open for the others (and for the next subscriber). */
  unsubscribe(listener: CaseChangeListener): void {
    this.listeners.delete(listener);
  }

  /**
   * A change this process has just committed: its own listeners hear of it at once, without waiting
   * for the database's notice (which follows, and is harmless twice). Read-your-writes in one process.
   */
  committed(caseNo: string, agencies: readonly string[] | null = null): void {
    for (const listener of this.listeners) listener.caseChanged(caseNo, agencies);
  }

  /**
   * Announces a change no table records (an applicant's caseNo locked by the limits), through the same
   * channel, so every process drops its copy of the case.
   */
  async announce(caseNo: string): Promise<void> {
    await this.changes.notify(caseNo);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    await this.opening;
    const client = this.client;
    this.drop();
    await client?.end().catch(() => undefined);
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'casedesk-case-changes',
      keepAlive: true,
      // LISTEN and the heartbeat are the only queries: one that takes this long means the connection is gone.
      query_timeout: HEARTBEAT_TIMEOUT_MS,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      void client.end().catch(() => undefined);
      if (this.client === client) {
        this.drop();
        this.logger.warn({ reason }, 'case change feed lost; cached views are off until it is back');
      }
      this.scheduleRetry();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel !== CASE_CHANGED_CHANNEL || !message.payload) return;
      const { caseNo, agencies } = parseCaseChanged(message.payload);
      for (const listener of this.listeners) listener.caseChanged(caseNo, agencies);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CASE_CHANGED_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error.message : String(error));
      return;
    } finally {
      this.opening = null;
    }
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((error: Error) => onLost(`heartbeat: ${error.message}`));
    }, HEARTBEAT_EVERY_MS);
    this.heartbeat.unref();
    for (const listener of this.listeners) listener.feedReset(true);
  }

  private drop(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const was = this.client;
    this.client = null;
    if (was !== null) for (const listener of this.listeners) listener.feedReset(false);
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry !== null) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.opening ??= this.open();
    }, wait);
    this.retry.unref();
  }
}

/**
 * A notice's payload: "<caseNo> <agency>…" from the triggers (migration case_change_notify_agencies),
 * the caseNo alone from `announce` (agencies unknown).
 */
export function parseCaseChanged(payload: string): { caseNo: string; agencies: string[] | null } {
  const [caseNo, ...agencies] = payload.split(' ');
  return { caseNo, agencies: agencies.length > 0 ? agencies : null };
}
