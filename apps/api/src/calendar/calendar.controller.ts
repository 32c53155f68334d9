import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Clock } from '@case-desk/core';
import { Actor, isLocalDate, maskPersonalData } from '@case-desk/domain';
import { CalendarService } from '@case-desk/sla';
import { decimalInt } from '../http/schemas';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi-decorators';
import { CalendarDay, CalendarYear, WorkingDaysResult } from '../http/response-schemas';

// Years the calendar answers for: the built-in data starts in 2004; beyond the next decade nobody plans.
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

const localDate = z
  .string()
  .refine(isLocalDate, 'must be a real date YYYY-MM-DD')
  // Year 0000 is no PostgreSQL date, and no working day is planned outside the calendar's years.
  .refine((date) => {
    const year = Number(date.slice(0, 4));
    return year >= FIRST_YEAR && year <= LAST_YEAR;
  }, `must be within ${FIRST_YEAR}..${LAST_YEAR}`)
  .meta({ description: 'a date in Asia/Shanghai', example: '2026-10-01' });

const year = decimalInt(FIRST_YEAR, LAST_YEAR);

class YearParams extends createZodDto(z.strictObject({ year })) {}
class DateParams extends createZodDto(z.strictObject({ date: localDate })) {}
class PutCalendarDayRequest extends createZodDto(
  z.strictObject({
    type: z.enum(['HOLIDAY', 'WORKDAY']),
    name: z
      .string()
      .min(1)
      .max(50)
      .regex(/^\S(?:.*\S)?$/su, 'must not start or end with a blank (it is kept exactly as sent)')
      .meta({ example: '国庆节' })
      // Typed text: an ID number or phone in it is stored masked (API.md, Conventions).
      .transform(maskPersonalData),
  }),
) {}
class AddWorkingDaysQuery extends createZodDto(
  z.strictObject({ from: localDate, days: decimalInt(0, 3650) }),
) {}

@ApiTags('calendar')
@ApiBearerAuth('bearer')
@Controller('v1/calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  @Get('add-working-days')
  @ApiOperation({ summary: 'The date N working days after `from` (the start day never counts)' })
  @ApiOkResponse({ type: WorkingDaysResult, description: 'the date' })
  @ApiProblems(400, 401, 503)
  async addWorkingDays(@Query() query: AddWorkingDaysQuery) {
    return { from: query.from, days: query.days, date: await this.calendar.addWorkingDays(query.from, query.days) };
  }

  @Get(':year')
  @ApiOperation({
    summary: 'Holidays and makeup working days of a year',
    description: '`confirmed` is false while the year’s holiday notice is not in the data: weekdays are then assumed to be working days.',
  })
  @ApiOkResponse({ type: CalendarYear, description: 'the year' })
  @ApiProblems(400, 401, 503)
  get(@Param() params: YearParams) {
    return this.calendar.year(params.year);
  }

  @Put('days/:date')
  @Roles('ADMIN')
  @ApiOperation({
    summary: 'Override one day (ADMIN)',
    description:
      'Wins over the built-in data. The due dates of running clocks whose window contains the day are moved by a background job, ' +
      'requested in the same transaction as the change (so it is never lost; with Redis down the change still succeeds and the next sweep queues the job). ' +
      'Clocks started or moved after the change use the new calendar in every API process at once.',
  })
  @ApiOkResponse({ type: CalendarDay, description: 'the day as it now counts' })
  @ApiProblems(400, 401, 403, 413, 415, 503)
  put(@CurrentActor() actor: Actor, @Param() params: DateParams, @Body() body: PutCalendarDayRequest) {
    return this.calendar.put(params.date, body, actor.username, this.clock.now());
  }

  @Delete('days/:date')
  @Roles('ADMIN')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an override: the built-in day applies again (ADMIN)' })
  @ApiNoContentResponse({ description: 'the override is gone' })
  @ApiProblems(400, 401, 403, 404, 503)
  async remove(@Param() params: DateParams): Promise<void> {
    await this.calendar.remove(params.date, this.clock.now());
  }
}
