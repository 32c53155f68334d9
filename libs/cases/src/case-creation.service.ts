import { Injectable } from '@nestjs/common';
import { Clock, PiiCrypto, sha256Hex } from '@case-desk/core';
import { CaseEventRow, CaseRow, Prisma, TransactionRunner } from '@case-desk/db';
import {
  Actor,
  ClockRecord,
  DomainError,
  FieldError,
  NewCaseInput,
  kindDefinition,
  maskIdNumber,
  maskPersonalData,
  maskPhone,
  shanghaiDate,
  validateIdNumber,
} from '@case-desk/domain';
import { SlaService } from '@case-desk/sla';
import { CaseRepository, Tx } from './case.repository';
import { CaseView, toCaseView } from './case.view';
import { CaseChangeFeed } from './case-change-feed';
import { caseAgencies } from './case-scope';

/** A new case as the API has shape-checked it, by its kind's creation schema (kinds/registry.ts). */
export type { NewCaseInput } from '@case-desk/domain';

export interface CreatedCase {
  case: CaseView & { accessCode: string };
  /** True when an Idempotency-Key replayed an earlier response. */
  replayed: boolean;
}

interface ReplayBody {
  case: CaseView;
  sealedAccessCode: string;
}

const CASE_NO_SEQ_DIGITS = 7;

/** Registers cases of every kind: the checks that need the clock or the database, then one transaction. */
@Injectable()
export class CaseCreationService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly transactions: TransactionRunner,
    private readonly crypto: PiiCrypto,
    private readonly clock: Clock,
    private readonly sla: SlaService,
    private readonly changes: CaseChangeFeed,
  ) {}

  async create(actor: Actor, input: NewCaseInput, idempotencyKey: string | null): Promise<CreatedCase> {
    const now = this.clock.now();
    const idNumber = this.validate(input, shanghaiDate(now));
    const idNumberHash = this.crypto.idNumberHash(idNumber);
    const requestHash = sha256Hex(canonicalJson(input));

    const result = await this.transactions.run(async (tx): Promise<CreatedCase> => {
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
      await this.assertNoOverlappingCase(tx, idNumberHash, input);

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
    // This process's cached lists hear of the new case at once (the database's notice follows).
    if (!result.replayed) this.changes.committed(result.case.caseNo, caseAgencies(result.case));
    return result;
  }

  /** Rules that need today's date; returns the normalised ID number. */
  private validate(input: NewCaseInput, today: string): string {
    const errors: FieldError[] = [];
    const id = validateIdNumber(input.applicant.idNumber, today);
    if (!id.ok) errors.push({ path: 'applicant.idNumber', message: id.message });
    const { creation } = kindDefinition(input.kind);
    errors.push(...creation.validate(input, today));
    if (errors.length > 0 || !id.ok) {
      throw new DomainError('VALIDATION_FAILED', 'the case is not valid', { errors });
    }
    const violation = creation.violation(input);
    if (violation !== null) {
      throw new DomainError('BUSINESS_RULE', violation.message, { errors: violation.errors });
    }
    return id.value;
  }

  /** The kind's overlap check, when it has one: no two open cases of a person over the same months. */
  private async assertNoOverlappingCase(tx: Tx, idNumberHash: string, input: NewCaseInput): Promise<void> {
    const { overlap } = kindDefinition(input.kind).creation;
    if (overlap === null) return;
    // Two clerks registering the same person at once must not both pass the check.
    await this.cases.lock(tx, `${overlap.lockPrefix}:${idNumberHash}`);
    const { from, to } = overlap.range(input);
    const open = await this.cases.findOverlappingOpenCase(tx, input.kind, idNumberHash, from, to);
    if (open) {
      const conflict = overlap.conflict(input, open.caseNo);
      throw new DomainError('BUSINESS_RULE', conflict.message, { errors: conflict.errors });
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
    const { creation } = kindDefinition(input.kind);
    const caseNo = `${creation.caseNoPrefix}-${shanghaiDate(p.now).replaceAll('-', '')}-${String(seq).padStart(CASE_NO_SEQ_DIGITS, '0')}`;
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
    const specific = creation.columns(input);
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
