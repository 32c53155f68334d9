import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AlertsService } from '@case-desk/alerts';
import { ALERT_LEVELS, Actor } from '@case-desk/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi-decorators';
import { Alert, AlertPage } from '../http/response-schemas';
import { cursor, limit } from '../http/schemas';

class ListAlertsQuery extends createZodDto(
  z.strictObject({
    level: z.enum(ALERT_LEVELS).optional(),
    acknowledged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    delivered: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .meta({ description: 'ADMIN only (others get 403): whether the webhook receiver has accepted the alert yet' }),
    limit,
    cursor: cursor.optional(),
  }),
) {}

@ApiTags('alerts')
@ApiBearerAuth('bearer')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({
    summary: 'Alerts of the cases visible to the caller, newest first',
    description: '`delivered=false` (ADMIN only; any other role gets 403 FORBIDDEN) lists the alerts the webhook receiver has not accepted yet.',
  })
  @ApiOkResponse({ type: AlertPage, description: 'a page of alerts' })
  @ApiProblems(400, 401, 403, 503)
  list(@CurrentActor() actor: Actor, @Query() query: ListAlertsQuery) {
    return this.alerts.list(actor, query);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge an alert',
    description:
      'By a user who may act for the alert’s agency (its clerk, the supervisor of its province, an admin); another user who can see ' +
      'the case gets 403, one who cannot 404. Records who and when. Acknowledging again changes nothing and returns the alert as first acknowledged.',
  })
  @ApiOkResponse({ type: Alert, description: 'the alert, acknowledged' })
  @ApiProblems(401, 403, 404, 503)
  acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.alerts.acknowledge(actor, id);
  }
}
