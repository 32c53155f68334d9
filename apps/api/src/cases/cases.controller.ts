import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import { CaseCreationService, CaseQueryService, CaseTransitionService } from '@case-desk/cases';
import { Actor, DomainError, TransitionInput } from '@case-desk/domain';
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
      '(a supervisor’s province). `sla` is answered once SLA clocks exist; until then it is a 400.',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery) {
    if (query.sla !== undefined) {
      throw new DomainError('VALIDATION_FAILED', 'filtering by sla is not available yet', {
        errors: [{ path: 'sla', message: 'not available until SLA clocks are tracked' }],
      });
    }
    const { sla: _sla, ...filter } = query;
    return this.queries.list(actor, filter);
  }

  @Get(':idOrCaseNo')
  @ApiOperation({ summary: 'One case with its timeline, by id or caseNo' })
  async get(@CurrentActor() actor: Actor, @Param('idOrCaseNo') idOrCaseNo: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.queries.get(actor, idOrCaseNo);
    void reply.header('etag', etagOf(view.version));
    return view;
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
