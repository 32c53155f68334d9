import { Module } from '@nestjs/common';
import { CaseCreationService } from './case-creation.service';
import { CaseQueryService } from './case-query.service';
import { CaseRepository } from './case.repository';
import { CaseTransitionService } from './case-transition.service';

@Module({
  providers: [CaseRepository, CaseCreationService, CaseTransitionService, CaseQueryService],
  exports: [CaseCreationService, CaseTransitionService, CaseQueryService],
})
export class CasesModule {}
