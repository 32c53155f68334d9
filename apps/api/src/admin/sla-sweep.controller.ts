import { Controller, HttpCode, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JobQueues, SweepResult } from '@case-desk/jobs';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi-decorators';
import { SweepResult as SweepResultSchema } from '../http/response-schemas';

const SWEEP_TIMEOUT_MS = 120_000;

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles('ADMIN')
@Controller('v1/admin/sla')
export class SlaSweepController {
  constructor(private readonly queues: JobQueues) {}

  @Post('sweep')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run one SLA sweep to completion (ADMIN)',
    description:
      'Queues a sweep job for the worker and waits for it (up to 2 minutes; 503 if no worker finished it). ' +
      'Raising is idempotent: alerts raised before are not raised again.',
  })
  @ApiOkResponse({ type: SweepResultSchema, description: 'what the sweep looked at and raised' })
  @ApiProblems(401, 403, 503)
  async sweep(): Promise<Pick<SweepResult, 'evaluated' | 'raised'>> {
    let result: SweepResult;
    try {
      result = (await this.queues.run('sla', 'sweep', { trigger: 'admin' }, SWEEP_TIMEOUT_MS)) as SweepResult;
    } catch (error) {
      throw new ServiceUnavailableException(`the sweep did not complete: ${(error as Error).message}`);
    }
    return { evaluated: result.evaluated, raised: result.raised };
  }
}
