import { Module } from '@nestjs/common';
import { SlaModule } from '@case-desk/sla';
import { CaseCreationService } from './case-creation.service';
import { CaseQueryService } from './case-query.service';
import { CaseChangeFeed } from './case-change-feed';
import { CaseChangeRepository } from './case-change.repository';
import { CaseListCache } from './case-list-cache';
import { CaseRepository } from './case.repository';
import { CaseTransitionService } from './case-transition.service';
import { PublicStatusService } from './public-status.service';

@Module({
  imports: [SlaModule],
  providers: [CaseRepository, CaseChangeRepository, CaseCreationService, CaseTransitionService, CaseQueryService, PublicStatusService, CaseChangeFeed, CaseListCache],
  exports: [CaseCreationService, CaseTransitionService, CaseQueryService, PublicStatusService, CaseChangeFeed],
})
export class CasesModule {}
