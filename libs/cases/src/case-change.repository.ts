import { Injectable } from '@nestjs/common';
import { PrismaService } from '@case-desk/db';

/** Where the triggers of migration `case_change_notifications` announce a changed case (payload: its caseNo). */
export const CASE_CHANGED_CHANNEL = 'case_changed';

/** The change feed's one statement through the pool: an announcement no table records. */
@Injectable()
export class CaseChangeRepository {
  constructor(private readonly prisma: PrismaService) {}

  async notify(caseNo: string): Promise<void> {
    await this.prisma.$executeRaw`SELECT pg_notify(${CASE_CHANGED_CHANNEL}, ${caseNo})`;
  }
}
