import { Body, Controller, Delete, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Clock, SharedTestClock } from '@case-desk/core';
import { Roles } from '../auth/auth.decorators';

// Due dates, caseNos (which carry the date) and the calendar data only make sense within this century.
const TEST_CLOCK_EARLIEST_MS = Date.UTC(2000, 0, 1);
const TEST_CLOCK_LATEST_MS = Date.UTC(2100, 0, 1) - 1;

class SetTestClockDto extends createZodDto(
  z.strictObject({
    now: z.iso
      .datetime({ offset: true, error: 'must be an ISO-8601 instant, e.g. 2026-12-07T16:00:00.000Z' })
      .refine((value) => {
        const at = Date.parse(value);
        return at >= TEST_CLOCK_EARLIEST_MS && at <= TEST_CLOCK_LATEST_MS;
      }, 'must be between 2000-01-01T00:00:00Z and 2099-12-31T23:59:59.999Z'),
  }),
) {}

interface TestClockView {
  now: string;
  frozen: boolean;
}

/**
 * API.md, Testing time. Registered only with TEST_CLOCK=enabled (refused in production at start);
 * otherwise both routes do not exist and answer 404 like any unknown route.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('v1/admin/test-clock')
export class TestClockController {
  private readonly clock: SharedTestClock;

  constructor(clock: Clock) {
    if (!(clock instanceof SharedTestClock)) throw new Error('TestClockController needs TEST_CLOCK=enabled');
    this.clock = clock;
  }

  @Put()
  @ApiOperation({ summary: 'Freeze the time of the API and the worker at an instant (ADMIN; TEST_CLOCK=enabled only)' })
  async set(@Body() body: SetTestClockDto): Promise<TestClockView> {
    await this.clock.set(new Date(body.now));
    return { now: this.clock.now().toISOString(), frozen: true };
  }

  @Delete()
  @ApiOperation({ summary: 'Return to real time (ADMIN; TEST_CLOCK=enabled only)' })
  async clear(): Promise<TestClockView> {
    await this.clock.clear();
    return { now: this.clock.now().toISOString(), frozen: false };
  }
}
