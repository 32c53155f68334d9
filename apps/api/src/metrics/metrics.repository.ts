import { Injectable } from '@nestjs/common';
import { PrismaService } from '@case-desk/db';

export interface OpenCasesBySla {
  overdue: number;
  dueSoon: number;
  onTrack: number;
  paused: number;
}

/** The gauges' reads, at scrape time. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Open cases by the due date of their most urgent running clock: at or before `now`, before `soon`, later. */
  async openCasesBySla(now: Date, soon: Date): Promise<OpenCasesBySla> {
    const [row] = await this.prisma.$queryRaw<{ overdue: number; due_soon: number; on_track: number; paused: number }[]>`
      SELECT count(*) FILTER (WHERE "nextDueAt" <= ${now})::int AS overdue,
             count(*) FILTER (WHERE "nextDueAt" > ${now} AND "nextDueAt" <= ${soon})::int AS due_soon,
             count(*) FILTER (WHERE "nextDueAt" > ${soon})::int AS on_track,
             count(*) FILTER (WHERE status = 'SUPPLEMENT_REQUIRED')::int AS paused
        FROM cases WHERE "closedAt" IS NULL`;
    return { overdue: row.overdue, dueSoon: row.due_soon, onTrack: row.on_track, paused: row.paused };
  }
}
