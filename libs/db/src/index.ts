export * from './prisma.service';
export { KEPT_PLAN } from './kept-statements';
export * from './db.module';
export * from './transaction-runner';
export * from './database-health';
export * from './prisma-errors';
export { Prisma } from './generated/prisma/client';
export type {
  Case as CaseRow,
  CaseEvent as CaseEventRow,
  CaseClock as CaseClockRow,
  CalendarOverride as CalendarOverrideRow,
  Alert as AlertRow,
  User as UserRow,
} from './generated/prisma/client';
