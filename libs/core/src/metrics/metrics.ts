import { Injectable } from '@nestjs/common';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry and the counters that code increments as things happen. Gauges
 * read from the database or the queues at scrape time are registered by the API's metrics module.
 * One registry per application instance (not prom-client's global one), so tests can run several.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'casedesk_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly transitions = new Counter({
    name: 'casedesk_transitions_total',
    help: 'Case transitions applied by this process, by action',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  readonly slaClocksFinished = new Counter({
    name: 'casedesk_sla_clocks_finished_total',
    help: 'SLA clocks stopped by transitions this process committed, by case kind, clock and outcome (MET, MISSED, WITHDRAWN)',
    labelNames: ['kind', 'clock', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'casedesk_' });
  }
}
