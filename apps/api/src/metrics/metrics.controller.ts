import { Controller, Get, Header, OnModuleInit } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Gauge, Registry } from 'prom-client';
import { AlertsRepository, OperationsStatus, OperationsStatusService } from '@case-desk/alerts';
import { Clock, Metrics } from '@case-desk/core';
import { ALERT_LEVELS, dueSoonThreshold } from '@case-desk/domain';
import { JOB_NAMES, JobQueues, QueueName } from '@case-desk/jobs';
import { CalendarService } from '@case-desk/sla';
import { Public } from '../auth/auth.decorators';
import { MetricsRepository } from './metrics.repository';

/**
 * GET /metrics (Prometheus text). Counters are this process's; the gauges below are read at scrape
 * time from the database and the queues, so they are the same whichever replica is scraped and cover
 * what the worker did (alerts raised) as well.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly figures: MetricsRepository,
    private readonly alerts: AlertsRepository,
    private readonly queues: JobQueues,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    private readonly operations: OperationsStatusService,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const figures = this.figures;
    const alerts = this.alerts;
    const queues = this.queues;
    const calendars = this.calendars;
    const clock = this.clock;

    new Gauge({
      name: 'casedesk_alerts_raised',
      help: 'Alerts raised so far, by level (from the database: every worker counts)',
      labelNames: ['level'] as const,
      registers,
      async collect() {
        const byLevel = await alerts.countByLevel();
        for (const level of ALERT_LEVELS) this.set({ level }, byLevel.get(level) ?? 0);
      },
    });

    new Gauge({
      name: 'casedesk_open_cases',
      help: "Open cases by the SLA state of their most urgent running clock (PAUSED while materials are awaited)",
      labelNames: ['sla'] as const,
      registers,
      async collect() {
        const now = clock.now();
        const soon = dueSoonThreshold(await calendars.calendar(), now);
        const row = await figures.openCasesBySla(now, soon);
        this.set({ sla: 'OVERDUE' }, row.overdue);
        this.set({ sla: 'DUE_SOON' }, row.dueSoon);
        this.set({ sla: 'ON_TRACK' }, row.onTrack);
        this.set({ sla: 'PAUSED' }, row.paused);
      },
    });

    // GET /v1/admin/status's figures, read once per scrape (the first gauge collected reads them).
    let scrape: Promise<OperationsStatus> | null = null;
    const status = (): Promise<OperationsStatus> => (scrape ??= this.operations.status().finally(() => setTimeout(() => (scrape = null), 0)));
    const seconds = (iso: string | null) => (iso === null ? 0 : Date.parse(iso) / 1000);
    const operational: [string, string, (s: OperationsStatus) => number][] = [
      ['casedesk_sweep_last_completed_timestamp_seconds', 'When the last SLA sweep completed (Unix seconds, 0: never)', (s) => seconds(s.lastSweepCompletedAt)],
      ['casedesk_sweep_healthy', '1 when a sweep completed within three sweep intervals (at least a minute), else 0', (s) => Number(s.sweepHealthy)],
      ['casedesk_alerts_undelivered', 'Alerts the webhook receiver has not accepted yet', (s) => s.undeliveredAlerts],
      [
        'casedesk_alerts_oldest_undelivered_timestamp_seconds',
        'raisedAt of the oldest alert not delivered yet (Unix seconds, 0: none)',
        (s) => seconds(s.oldestUndeliveredAt),
      ],
      [
        'casedesk_calendar_confirmed_through_year',
        'Last year, counting from the current one, whose holiday notice is in the calendar (0: not even the current year)',
        (s) => (s.calendar.confirmedThrough === null ? 0 : Number(s.calendar.confirmedThrough.slice(0, 4))),
      ],
      ['casedesk_calendar_next_year_confirmed', "1 when next year's holiday notice is in the calendar, else 0", (s) => Number(s.calendar.nextYearConfirmed)],
    ];
    for (const [name, help, value] of operational) {
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(value(await status()));
        },
      });
    }

    new Gauge({
      name: 'casedesk_queue_jobs',
      help: 'Jobs per queue and state (waiting, delayed, active, failed)',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        for (const queue of Object.keys(JOB_NAMES) as QueueName[]) {
          const counts = await queues.queue(queue).getJobCounts('waiting', 'delayed', 'active', 'failed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
        }
      },
    });
  }

  @Public()
  @Get()
  @Header('cache-control', 'no-store')
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description: 'Requests, transitions, alerts raised, open cases by SLA state, queue depth, sweep health.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the metrics', content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
