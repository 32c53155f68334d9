import { Injectable } from '@nestjs/common';
import { Clock, PiiCrypto, sha256Hex } from '@case-desk/core';
import { CaseEventRow, CaseRow, Prisma } from '@case-desk/db';
import {
  Actor,
  Channel,
  ClockRecord,
  DomainError,
  FieldError,
  InsuranceType,
  RefundReason,
  TransferReason,
  maskIdNumber,
  maskPersonalData,
  maskPhone,
  shanghaiDate,
  transferScope,
  validateFeePeriod,
  validateIdNumber,
} from '@case-desk/domain';
import { SlaService } from '@case-desk/sla';
import { CaseRepository, Tx } from './case.repository';
import { CaseView, toCaseView } from './case.view';

export interface ApplicantInput {
  name: string;
  idNumber: string;
  phone?: string;
}

/** A new case as the API has shape-checked it (formats, enums, region codes, unknown fields). */
export type NewCaseInput =
  | {
      kind: 'TRANSFER';
      applicant: ApplicantInput;
      insuranceType: InsuranceType;
      toInsuranceType?: InsuranceType;
      fromRegion: string;
      toRegion: string;
      reason: TransferReason;
      channel?: Channel;
    }
  | {
      kind: 'REFUND';
      applicant: ApplicantInput;
      insuranceType: InsuranceType;
      region: string;
      reason: RefundReason;
      amount: string;
      periodFrom: string;
      periodTo: string;
      channel?: Channel;
    };

export interface CreatedCase {
  case: CaseView & { accessCode: string };
  /** True when an Idempotency-Key replayed an earlier response. */
  replayed: boolean;
}

interface ReplayBody {
  case: CaseView;
  sealedAccessCode: string;
}

const CASE_NO_PREFIX = { TRANSFER: 'TR', REFUND: 'RF' } as const;
const CASE_NO_SEQ_DIGITS = 7;

/** Registers transfers and refunds: the checks that need the clock or the database, then one transaction. */
@Injectable()
export class CaseCreationService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly crypto: PiiCrypto,
    private readonly clock: Clock,
    private readonly sla: SlaService,
  ) {}

  async create(actor: Actor, input: NewCaseInput, idempotencyKey: string | null): Promise<CreatedCase> {
    const now = this.clock.now();
    const idNumber = this.validate(input, shanghaiDate(now));
    const idNumberHash = this.crypto.idNumberHash(idNumber);
    const requestHash = sha256Hex(canonicalJson(input));

    return this.cases.transaction(async (tx) => {
      if (idempotencyKey !== null) {
        await this.cases.lock(tx, `idempotency:${actor.id}:${idempotencyKey}`);
        const replay = await this.cases.findReplay(tx, actor.id, idempotencyKey);
        if (replay) {
          if (replay.requestHash !== requestHash) {
            throw new DomainError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was already used with a different request body');
          }
          const stored = replay.responseBody as unknown as ReplayBody;
          return { case: { ...stored.case, accessCode: this.crypto.unseal(stored.sealedAccessCode) }, replayed: true };
        }
      }
      if (input.kind === 'REFUND') await this.assertNoOverlappingRefund(tx, idNumberHash, input);

      const accessCode = this.crypto.newAccessCode();
      // The calendar in force inside the transaction (its version checked and held until the commit).
      const calendar = await this.sla.calendars.inForce(tx);
      const clocks = this.sla.clocksForNewCase(calendar, input.kind, now);
      const { row, events } = await this.insert(tx, actor, input, { now, idNumber, idNumberHash, accessCode }, clocks);
      const created = toCaseView(row, actor, this.sla.view(calendar, clocks, now), events);
      if (idempotencyKey !== null) {
        const body: ReplayBody = { case: created, sealedAccessCode: this.crypto.seal(accessCode) };
        await this.cases.saveReplay(tx, {
          userId: actor.id,
          key: idempotencyKey,
          requestHash,
          caseId: row.id,
          responseStatus: 201,
          responseBody: body as unknown as Prisma.InputJsonValue,
        });
      }
      return { case: { ...created, accessCode }, replayed: false };
    });
  }

  /** Rules that need today's date; returns the normalised ID number. */
  private validate(input: NewCaseInput, today: string): string {
    const errors: FieldError[] = [];
    const id = validateIdNumber(input.applicant.idNumber, today);
    if (!id.ok) errors.push({ path: 'applicant.idNumber', message: id.message });
    if (input.kind === 'REFUND') errors.push(...validateFeePeriod(input.periodFrom, input.periodTo, today));
    if (errors.length > 0 || !id.ok) {
      throw new DomainError('VALIDATION_FAILED', 'the case is not valid', { errors });
    }
    if (input.kind === 'TRANSFER' && input.fromRegion === input.toRegion) {
      throw new DomainError('BUSINESS_RULE', 'fromRegion and toRegion must differ', {
        errors: [{ path: 'toRegion', message: 'must differ from fromRegion' }],
      });
    }
    return id.value;
  }

  private async assertNoOverlappingRefund(
    tx: Tx,
    idNumberHash: string,
    input: Extract<NewCaseInput, { kind: 'REFUND' }>,
  ): Promise<void> {
    // Two clerks registering the same person at once must not both pass the check.
    await this.cases.lock(tx, `refund-person:${idNumberHash}`);
    const open = await this.cases.findOverlappingOpenRefund(tx, idNumberHash, input.periodFrom, input.periodTo);
    if (open) {
      throw new DomainError(
        'BUSINESS_RULE',
        `an open refund (${open.caseNo}) already covers part of ${input.periodFrom}..${input.periodTo} for this person`,
        { errors: [{ path: 'periodFrom', message: `overlaps open refund ${open.caseNo}` }] },
      );
    }
  }

  private async insert(
    tx: Tx,
    actor: Actor,
    input: NewCaseInput,
    p: { now: Date; idNumber: string; idNumberHash: string; accessCode: string },
    clocks: ClockRecord[],
  ): Promise<{ row: CaseRow; events: CaseEventRow[] }> {
    const seq = await this.cases.nextCaseSeq(tx);
    const caseNo = `${CASE_NO_PREFIX[input.kind]}-${shanghaiDate(p.now).replaceAll('-', '')}-${String(seq).padStart(CASE_NO_SEQ_DIGITS, '0')}`;
    const common = {
      seq,
      caseNo,
      kind: input.kind,
      status: 'SUBMITTED' as const,
      // Typed text: an ID number or phone typed into the name is stored masked like in any other text.
      applicantName: maskPersonalData(input.applicant.name),
      idNumberHash: p.idNumberHash,
      idNumberMasked: maskIdNumber(p.idNumber),
      phoneMasked: input.applicant.phone === undefined ? null : maskPhone(input.applicant.phone),
      insuranceType: input.insuranceType,
      channel: input.channel ?? 'WINDOW',
      reason: input.reason,
      accessCodeHash: this.crypto.accessCodeHash(p.accessCode),
      createdAt: p.now,
      updatedAt: p.now,
    };
    const specific =
      input.kind === 'TRANSFER'
        ? {
            fromRegion: input.fromRegion,
            toRegion: input.toRegion,
            scope: transferScope(input.fromRegion, input.toRegion),
            toInsuranceType: input.toInsuranceType ?? input.insuranceType,
          }
        : { region: input.region, amount: input.amount, periodFrom: input.periodFrom, periodTo: input.periodTo };
    return this.cases.insertCase(
      tx,
      { ...common, ...specific },
      {
        at: p.now,
        action: 'submit',
        fromStatus: null,
        toStatus: 'SUBMITTED',
        actorId: actor.id,
        actorName: actor.username,
        comment: null,
        data: { channel: common.channel },
      },
      clocks,
    );
  }
}

/** JSON with sorted keys, so the same body in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
