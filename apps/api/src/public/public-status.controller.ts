import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PublicStatusService, normaliseCaseNo, notFound } from '@case-desk/cases';
import { Public } from '../auth/auth.decorators';
import { PublicStatusCache } from './public-status-cache';
import { renderStatus, sendStatus } from './public-status-response';
import { PublicStatusThrottle } from './public-status-throttle';
import { PublicCaseStatus } from './public-status.schema';
import { ApiProblems } from '../http/openapi-decorators';

@ApiTags('applicants')
@Public()
@Controller('v1/public/cases')
export class PublicStatusController {
  constructor(
    private readonly status: PublicStatusService,
    private readonly throttle: PublicStatusThrottle,
    private readonly cache: PublicStatusCache,
  ) {}

  @Get(':caseNo')
  @ApiOperation({
    summary: "An applicant's view of their case (no bearer token)",
    description:
      'With the access code printed on the receipt. An unknown caseNo, a missing and a wrong code all answer the same ' +
      '404. Every miss counts against its caseNo: after PUBLIC_WRONG_CODE_LIMIT (10) within ' +
      'PUBLIC_WRONG_CODE_WINDOW_SECONDS (15 minutes), the caseNo answers 429 with Retry-After for that long again, ' +
      'whatever code comes. Each client address may look up PUBLIC_RATE_LIMIT_PER_MINUTE (120) a minute. ' +
      'The ETag changes whenever anything in the body does; send it back in If-None-Match to get a 304 without a body.',
  })
  @ApiHeader({ name: 'X-Access-Code', required: true, description: 'the access code on the receipt' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of a previous answer' })
  @ApiOkResponse({
    description: 'the case as its applicant sees it',
    type: PublicCaseStatus,
    headers: { ETag: { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'unchanged since the ETag in If-None-Match; no body' })
  @ApiProblems(400, 404, 429, 503)
  async get(
    @Param('caseNo') caseNo: string,
    @Headers('x-access-code') accessCode: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const key = normaliseCaseNo(caseNo);
    // Before the limits are checked: a lock or a change from here on keeps this answer out of the cache.
    const token = this.cache.token();
    await this.throttle.assertAllowed(request.ip, key);
    const found = await this.status.find(caseNo, accessCode);
    if (found === null || key === null) {
      await this.throttle.recordMiss(key);
      throw notFound();
    }
    const rendered = renderStatus(found.view);
    this.cache.set(key, { ...rendered, accessCodeHash: found.accessCodeHash }, token);
    sendStatus(reply, rendered, ifNoneMatch);
  }
}
