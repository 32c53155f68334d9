import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { PublicStatusService, normaliseCaseNo } from '@case-desk/cases';
import { Metrics } from '@case-desk/core';
import { PublicStatusCache } from './public-status-cache';
import { PUBLIC_STATUS_ROUTE, sendStatus } from './public-status-response';
import { PublicStatusThrottle } from './public-status-throttle';

/**
 * The applicants' polls that can be answered from memory, answered before the rest of the request
 * pipeline runs (it is the first onRequest hook, see bootstrap.ts): a GET of the status route whose
 * caseNo has a cached answer, with the right code, from an address within its limit. Anything else —
 * no copy, a wrong or missing code, an address over its limit or not yet seen this minute — goes on to
 * PublicStatusController, which answers it from the database (and every error the same way as before).
 *
 * Such a poll does what the controller would: it counts against the address and answers the same body,
 * ETag and headers. It writes no access-log line (a poll every few seconds per applicant would drown
 * the log); it is counted in casedesk_http_requests_total like every request, and here by outcome.
 */
@Injectable()
export class PublicStatusFastPath {
  private readonly polls: { hit: Counter.Internal; passed: Counter.Internal };

  constructor(
    private readonly cache: PublicStatusCache,
    private readonly throttle: PublicStatusThrottle,
    private readonly status: PublicStatusService,
    metrics: Metrics,
  ) {
    const counter = new Counter({
      name: 'casedesk_public_status_polls_total',
      help: 'Status lookups by where they were answered: hit = from memory, passed = by the controller (database)',
      labelNames: ['answered'] as const,
      registers: [metrics.registry],
    });
    this.polls = { hit: counter.labels('hit'), passed: counter.labels('passed') };
  }

  /** A Fastify onRequest hook. */
  readonly onRequest = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    if (request.routeOptions.url !== PUBLIC_STATUS_ROUTE || request.method !== 'GET') return done();
    if (this.answered(request, reply)) {
      this.polls.hit.inc();
      return;
    }
    this.polls.passed.inc();
    done();
  };

  private answered(request: FastifyRequest, reply: FastifyReply): boolean {
    const caseNo = normaliseCaseNo((request.params as { caseNo: string }).caseNo);
    const cached = caseNo === null ? undefined : this.cache.get(caseNo);
    if (cached === undefined) return false;
    const code = request.headers['x-access-code'];
    // A wrong code goes the controller's way, database read included: it must cost what an unknown caseNo costs.
    if (typeof code !== 'string' || !this.status.codeMatches(code, cached.accessCodeHash)) return false;
    if (!this.throttle.countWithoutWaiting(request.ip)) return false;
    const ifNoneMatch = request.headers['if-none-match'];
    sendStatus(reply, cached, typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined);
    return true;
  }
}
