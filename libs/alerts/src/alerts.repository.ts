import { Injectable } from '@nestjs/common';
import { AlertRow, Prisma, PrismaService } from '@case-desk/db';
import { Actor, AlertLevel } from '@case-desk/domain';
import { visibleTo } from '@case-desk/cases';

export interface AlertPageQuery {
  level?: AlertLevel;
  acknowledged?: boolean;
  delivered?: boolean;
  /** The keyset: alerts raised before this one (newest first). */
  after: { at: Date; tieBreak: string } | null;
  limit: number;
}

/** Every Prisma call about alerts. Reads by users take the caller's scope (the cases they can see). */
@Injectable()
export class AlertsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first, keyset-paginated on (raisedAt, id). */
  page(actor: Actor, q: AlertPageQuery): Promise<AlertRow[]> {
    const after = q.after;
    const where: Prisma.AlertWhereInput = {
      AND: [
        { case: visibleTo(actor) },
        q.level ? { level: q.level } : {},
        q.acknowledged === undefined ? {} : { acknowledgedAt: q.acknowledged ? { not: null } : null },
        q.delivered === undefined ? {} : { deliveredAt: q.delivered ? { not: null } : null },
        after ? { OR: [{ raisedAt: { lt: after.at } }, { raisedAt: after.at, id: { lt: after.tieBreak } }] } : {},
      ],
    };
    return this.prisma.alert.findMany({
      where,
      orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
      take: q.limit,
    });
  }

  findVisible(actor: Actor, id: string): Promise<AlertRow | null> {
    return this.prisma.alert.findFirst({ where: visibleOne(actor, id) });
  }

  findVisibleAgency(actor: Actor, id: string): Promise<{ agency: string } | null> {
    return this.prisma.alert.findFirst({ where: visibleOne(actor, id), select: { agency: true } });
  }

  /** Records the first acknowledgement only (a second one changes nothing). */
  async acknowledge(actor: Actor, id: string, by: string, at: Date): Promise<void> {
    await this.prisma.alert.updateMany({
      where: { ...visibleOne(actor, id), acknowledgedAt: null },
      data: { acknowledgedAt: at, acknowledgedBy: by },
    });
  }

  // ---- webhook delivery (the outbox is `deliveredAt`) ----

  findById(id: string): Promise<AlertRow | null> {
    return this.prisma.alert.findUnique({ where: { id } });
  }

  /** Ids of alerts not delivered yet, in id order after `after`. */
  async undeliveredIds(after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.prisma.alert.findMany({
      where: { deliveredAt: null, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(({ id }) => id);
  }

  async markDelivered(id: string, at: Date): Promise<void> {
    await this.prisma.alert.update({ where: { id }, data: { deliveredAt: at } });
  }

  /** How many alerts wait for delivery, and when the oldest was raised. */
  async undelivered(): Promise<{ count: number; oldestRaisedAt: Date | null }> {
    const found = await this.prisma.alert.aggregate({ where: { deliveredAt: null }, _count: { _all: true }, _min: { raisedAt: true } });
    return { count: found._count._all, oldestRaisedAt: found._min.raisedAt };
  }

  /** Alerts raised so far, by level (every worker's). */
  async countByLevel(): Promise<Map<AlertLevel, number>> {
    const rows = await this.prisma.alert.groupBy({ by: ['level'], _count: { _all: true } });
    return new Map(rows.map((r) => [r.level, r._count._all]));
  }
}

function visibleOne(actor: Actor, id: string): Prisma.AlertWhereInput {
  return { id: id.toLowerCase(), case: visibleTo(actor) };
}
