import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperationsStatusService, type OperationsStatus as OperationsStatusView } from '@case-desk/alerts';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi-decorators';
import { OperationsStatus } from '../http/response-schemas';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('v1/admin/status')
export class OperationsStatusController {
  constructor(private readonly operations: OperationsStatusService) {}

  @Get()
  @ApiOperation({
    summary: 'State of the background work (ADMIN)',
    description:
      '`lastSweepCompletedAt`: when the last SLA sweep completed (real time, also with the test clock). `sweepHealthy`: one completed ' +
      'within three SLA_SWEEP_EVERY_SECONDS intervals (at least one minute). `undeliveredAlerts` / `oldestUndeliveredAt`: alerts the ' +
      'webhook receiver has not accepted yet and the raisedAt of the oldest (without ALERT_WEBHOOK_URL no alert is ever delivered). ' +
      '`calendar.confirmedThrough`: the last day of the last year, counting from the current one, whose holiday notice is in the ' +
      'calendar (null if not even the current year); `nextYearConfirmed`: next year’s is. Read from PostgreSQL: it survives a Redis data loss.',
  })
  @ApiOkResponse({ type: OperationsStatus, description: 'the state of the sweep, the webhook delivery and the calendar' })
  @ApiProblems(401, 403, 503)
  status(): Promise<OperationsStatusView> {
    return this.operations.status();
  }
}
