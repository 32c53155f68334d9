import { Injectable } from '@nestjs/common';
import { CaseClockRow, Prisma, PrismaService } from '@case-desk/db';
import { ClockRecord } from '@case-desk/domain';
import { nextDueAt, toClockColumns, toClockRecord } from './clock-rows';

type Tx = Prisma.TransactionClient;

// Start order (then the enum's stage order for clocks started together): the domain reads the last
// open stage clock as the current one.
const CLOCK_ORDER: Prisma.CaseClockOrderByWithRelationInput[] = [{ startedAt: 'asc' }, { clock: 'asc' }];

/** Reads and writes case clocks; writes happen inside the caller's transaction, with the case's nextDueAt. */
@Injectable()
export class ClockStore {
  constructor(private readonly prisma: PrismaService) {}

  async ofCase(caseId: string, tx: Tx = this.prisma): Promise<ClockRecord[]> {
    const rows = await tx.caseClock.findMany({ where: { caseId }, orderBy: CLOCK_ORDER });
    return rows.map(toClockRecord);
  }

  /** Clocks of many cases in one query (a list page). */
  async ofCases(caseIds: readonly string[]): Promise<Map<string, ClockRecord[]>> {
    const byCase = new Map<string, ClockRecord[]>(caseIds.map((id) => [id, []]));
    if (caseIds.length === 0) return byCase;
    const rows: CaseClockRow[] = await this.prisma.caseClock.findMany({
      where: { caseId: { in: [...caseIds] } },
      orderBy: CLOCK_ORDER,
    });
    for (const row of rows) byCase.get(row.caseId)?.push(toClockRecord(row));
    return byCase;
  }

  /** Writes the case's whole clock set and its nextDueAt. */
  async save(tx: Tx, caseId: string, clocks: readonly ClockRecord[]): Promise<void> {
    for (const c of clocks) {
      const columns = toClockColumns(c);
      await tx.caseClock.upsert({
        where: { caseId_clock: { caseId, clock: c.clock } },
        create: { caseId, ...columns },
        update: columns,
      });
    }
    await tx.case.update({ where: { id: caseId }, data: { nextDueAt: nextDueAt(clocks) } });
  }
}
