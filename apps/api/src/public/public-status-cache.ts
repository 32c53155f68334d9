import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import { CaseChangeFeed, CaseChangeListener } from '@case-desk/cases';
import type { RenderedStatus } from './public-status-response';

/** A rendered answer and the hash of the code that may see it. */
export interface CachedStatus extends RenderedStatus {
  accessCodeHash: string;
}

/** Even if a change notice were lost without the feed noticing, no copy is older than this. */
const MAX_AGE_MS = 5 * 60_000;

/**
 * The applicants' answers this process has rendered, by caseNo, so that a repeated poll costs no
 * database query. A copy is dropped as soon as PostgreSQL announces a change to its case (see
 * CaseChangeFeed): a transition on any replica, the worker moving a due date, a caseNo being locked.
 * While the feed is not listening nothing is kept or served, so a copy is never older than the last
 * change the database committed.
 *
 * A lookup that read the database before a change and stores after it would keep a stale copy: every
 * change moves `generation` on, and a store whose token (taken before the read) is behind is dropped.
 */
@Injectable()
export class PublicStatusCache implements OnModuleInit, CaseChangeListener {
  private readonly entries: LRUCache<string, CachedStatus> | null;
  private generation = 0;
  private live = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly feed: CaseChangeFeed,
  ) {
    const max = config.publicStatus.cacheEntries;
    this.entries = max > 0 ? new LRUCache({ max, ttl: MAX_AGE_MS }) : null;
  }

  async onModuleInit(): Promise<void> {
    if (this.entries !== null) await this.feed.subscribe(this);
  }

  get(caseNo: string): CachedStatus | undefined {
    return this.live ? this.entries?.get(caseNo) : undefined;
  }

  /** Take before reading the database; give back to `set`. */
  token(): number {
    return this.generation;
  }

  set(caseNo: string, entry: CachedStatus, token: number): void {
    if (this.live && token === this.generation) this.entries?.set(caseNo, entry);
  }

  /** Drops this process's copy at once; the feed does the same on the others (and here again). */
  delete(caseNo: string): void {
    this.generation += 1;
    this.entries?.delete(caseNo);
  }

  caseChanged(caseNo: string): void {
    this.delete(caseNo);
  }

  feedReset(listening: boolean): void {
    this.generation += 1;
    this.entries?.clear();
    this.live = listening;
  }
}
