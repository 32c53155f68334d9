import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@case-desk/db';

/** `sweep_status`: the one row every completed sweep writes (it survives a Redis data loss). */
@Injectable()
export class SweepStatusRepository {
  constructor(private readonly prisma: PrismaService) {}

  async record(completedAt: Date, sweptAt: Date, result: object): Promise<void> {
    const json = result as Prisma.InputJsonValue;
    await this.prisma.sweepStatus.upsert({
      where: { id: 1 },
      create: { id: 1, lastCompletedAt: completedAt, lastSweptAt: sweptAt, lastResult: json },
      update: { lastCompletedAt: completedAt, lastSweptAt: sweptAt, lastResult: json },
    });
  }

  /** The instant the last completed sweep swept at (its `now`, the test clock's if frozen), null before the first. */
  async lastSweptAt(): Promise<Date | null> {
    const row = await this.prisma.sweepStatus.findUnique({ where: { id: 1 }, select: { lastSweptAt: true } });
    return row?.lastSweptAt ?? null;
  }

  async lastCompletedAt(): Promise<Date | null> {
    const row = await this.prisma.sweepStatus.findUnique({ where: { id: 1 } });
    return row?.lastCompletedAt ?? null;
  }
}
