import { Module } from '@nestjs/common';
import { CasesModule } from '@case-desk/cases';
import { PublicStatusController } from './public-status.controller';
import { PublicStatusCache } from './public-status-cache';
import { PublicStatusFastPath } from './public-status-fast-path';
import { PublicStatusThrottle } from './public-status-throttle';

/**
 * The applicants' status lookup: its route, the answers kept in memory and the fast path that serves
 * them (installed as the first request hook by bootstrap.ts), and the limits shared through Redis.
 */
@Module({
  imports: [CasesModule],
  controllers: [PublicStatusController],
  providers: [PublicStatusThrottle, PublicStatusCache, PublicStatusFastPath],
  exports: [PublicStatusFastPath],
})
export class PublicStatusModule {}
