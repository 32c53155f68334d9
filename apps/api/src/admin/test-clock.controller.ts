import { Body, Controller, Delete, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Clock, SharedTestClock } from '@case-desk/core';
import { instantThisCentury } from '../http/schemas';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi-decorators';
import { TestClockState } from '../http/response-schemas';

class SetTestClockRequest extends createZodDto(
  z.strictObject({
    now: instantThisCentury,
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
@ApiBearerAuth('bearer')
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
  @ApiOkResponse({ type: TestClockState, description: 'the frozen time' })
  @ApiProblems(400, 401, 403, 404, 413, 415, 503)
  async set(@Body() body: SetTestClockRequest): Promise<TestClockView> {
    await this.clock.set(new Date(body.now));
    return { now: this.clock.now().toISOString(), frozen: true };
  }

  @Delete()
  @ApiOperation({ summary: 'Return to real time (ADMIN; TEST_CLOCK=enabled only)' })
  @ApiOkResponse({ type: TestClockState, description: 'the real time again' })
  @ApiProblems(401, 403, 404, 503)
  async clear(): Promise<TestClockView> {
    await this.clock.clear();
    return { now: this.clock.now().toISOString(), frozen: false };
  }
}
