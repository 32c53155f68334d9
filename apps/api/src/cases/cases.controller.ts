import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import { CaseCreationService, CaseQueryService, CaseTransitionService, pageJson } from '@case-desk/cases';
import { Actor, CASE_KIND_DEFINITIONS, TransitionInput } from '@case-desk/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { CreateCaseBody, CreateCaseDto, ListCasesQuery, TransitionBody, TransitionDto } from './case.dto';
import { etagOf, parseIdempotencyKey, parseIfMatch } from './case-headers';
import { ApiProblems } from '../http/openapi-decorators';
import { CaseDetail, CasePage, CreatedCase, SlaExplanation } from '../http/response-schemas';

const ETAG = { ETag: { description: 'the case version, quoted ("3"); send it back in If-Match', schema: { type: 'string' as const } } };

// One example request per kind, from its definition.
const CASE_EXAMPLES = Object.fromEntries(
  CASE_KIND_DEFINITIONS.map(({ creation: { example } }) => [example.key, { summary: example.summary, value: example.value }]),
);

const TRANSITION_EXAMPLES = {
  approveOutgoing: { summary: 'Origin approves', value: { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '5230.18' } },
  enrolIncoming: { summary: 'Destination enrols', value: { action: 'enrol-incoming' } },
  reject: { summary: 'Reject', value: { action: 'reject', reasonCode: 'ARREARS', comment: '2025年3月至5月欠费' } },
  requestMaterials: { summary: 'Ask for materials', value: { action: 'request-materials', materials: ['ID_CARD'] } },
};

@ApiTags('cases')
@ApiBearerAuth('bearer')
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
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'one per form: a retry or double click creates one case' })
  @ApiBody({ type: CreateCaseDto, examples: CASE_EXAMPLES })
  @ApiCreatedResponse({
    type: CreatedCase,
    description: 'the new case (or, for a repeated Idempotency-Key, the first answer again)',
    headers: {
      ...ETAG,
      Location: { description: 'the case URL', schema: { type: 'string' } },
      'Idempotent-Replayed': { description: '"true" when this is a replay', schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401, 409, 413, 415, 422, 503)
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
  @ApiOkResponse({ type: CasePage, description: 'a page of cases' })
  @ApiProblems(400, 401, 503)
  async list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.queries.list(actor, query);
    // Sent as its JSON text, kept with the page: a page served again from memory is not serialised again.
    void reply.type('application/json; charset=utf-8');
    return pageJson(page);
  }

  @Get(':idOrCaseNo')
  @ApiOperation({ summary: 'One case with its timeline, by id or caseNo' })
  @ApiOkResponse({ type: CaseDetail, description: 'the case', headers: ETAG })
  @ApiProblems(401, 404, 503)
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
  @ApiOkResponse({ type: SlaExplanation, description: 'every clock of the case, explained' })
  @ApiProblems(401, 404, 503)
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
  @ApiBody({ type: TransitionDto, examples: TRANSITION_EXAMPLES })
  @ApiOkResponse({ type: CaseDetail, description: 'the case after the action', headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503)
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
