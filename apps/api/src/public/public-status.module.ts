import { Module } from '@nestjs/common';
import { CasesModule } from '@case-desk/cases';
import { PublicStatusController } from './public-status.controller';
import { PublicStatusThrottle } from './public-status-throttle';

/** The applicants' status lookup: its route and its Redis-backed limits. */
@Module({
  imports: [CasesModule],
  controllers: [PublicStatusController],
  providers: [PublicStatusThrottle],
})
export class PublicStatusModule {}
