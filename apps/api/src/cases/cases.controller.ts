import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import { CaseCreationService, CaseQueryService, CaseTransitionService } from '@case-desk/cases';
import { Actor, TransitionInput } from '@case-desk/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { CreateCaseBody, CreateCaseDto, ListCasesQuery, TransitionBody, TransitionDto } from './case.dto';
import { etagOf, parseIdempotencyKey, parseIfMatch } from './case-headers';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly creation: CaseCreationService,
    private readonly queries: CaseQueryService,
    private readonly transitions: CaseTransitionService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Register a transfer or refund application',
    description:
      'Returns the case with an accessCode (in this response only) for the applicant. The same Idempotency-Key ' +
      'with the same body returns the first response again; with another body it is a 409. Refunds also accept ' +
      '`channel` (default WINDOW). Keys are remembered per user.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ type: CreateCaseDto })
  async create(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidationPipe(CreateCaseDto)) body: CreateCaseBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.creation.create(actor, body, parseIdempotencyKey(idempotencyKey));
    void reply.status(201).header('location', `/v1/cases/${result.case.id}`).header('etag', etagOf(result.case.version));
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.case;
  }

  @Get()
  @ApiOperation({
    summary: 'Cases visible to the caller, newest first (no timeline)',
    description:
      '`q` is an exact caseNo or full ID number. `agency` keeps cases with that agency on any side; `side` keeps ' +
      'transfers whose origin (outgoing) or destination (incoming) is `agency`, or else the caller’s own agency ' +
      '(a supervisor’s province). `sla` goes by the case’s most urgent running clock: OVERDUE once it is due, ' +
      'DUE_SOON with at most 2 working days left, ON_TRACK otherwise; PAUSED while materials are awaited. ' +
      'Finished cases match no `sla` value.',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery) {
    return this.queries.list(actor, query);
  }

  @Get(':idOrCaseNo')
  @ApiOperation({ summary: 'One case with its timeline, by id or caseNo' })
  async get(@CurrentActor() actor: Actor, @Param('idOrCaseNo') idOrCaseNo: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.queries.get(actor, idOrCaseNo);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get(':idOrCaseNo/sla')
  @ApiOperation({
    summary: 'Why each clock is due when it is',
    description:
      'Per clock: its budget, the working days counted, the days skipped with their reason (weekend, named ' +
      'holiday, override) and the pauses cut out, with its current state.',
  })
  explainSla(@CurrentActor() actor: Actor, @Param('idOrCaseNo') idOrCaseNo: string) {
    return this.queries.explainSla(actor, idOrCaseNo);
  }

  @Post(':idOrCaseNo/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take an action on a case',
    description: 'One timeline event per accepted action. With If-Match, a stale version is a 412.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag of the case, e.g. "3"' })
  @ApiBody({ type: TransitionDto })
  async transition(
    @CurrentActor() actor: Actor,
    @Param('idOrCaseNo') idOrCaseNo: string,
    @Body(new ZodValidationPipe(TransitionDto)) body: TransitionBody,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.transitions.apply(actor, idOrCaseNo, body as TransitionInput, parseIfMatch(ifMatch));
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
