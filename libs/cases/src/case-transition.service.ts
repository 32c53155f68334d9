import { Injectable } from '@nestjs/common';
import { Clock, Metrics } from '@case-desk/core';
import { CaseRow, Prisma, TransactionRunner } from '@case-desk/db';
import {
  Actor,
  DomainError,
  TransitionInput,
  TransitionPlan,
  allowedActions,
  maskPersonalData,
  planTransition,
  stoppedClockResults,
} from '@case-desk/domain';
import { SlaService, inClockOrder } from '@case-desk/sla';
import { CaseChangeFeed } from './case-change-feed';
import { caseAgencies } from './case-scope';
import { CaseRepository } from './case.repository';
import { CaseView, toCaseView, toSnapshot } from './case.view';

/**
 * Applies one action to one case: visibility, the If-Match precondition, the domain's transition table,
 * then a compare-and-set that writes the status change and its timeline event together: one
 * transaction that locks the case on its expected status and version, moves its clocks with the
 * calendar in force, and writes the event, the clocks, the results of the clocks it stops and the case.
 */
@Injectable()
export class CaseTransitionService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly sla: SlaService,
    private readonly metrics: Metrics,
    private readonly changes: CaseChangeFeed,
  ) {}

  async apply(actor: Actor, idOrCaseNo: string, input: TransitionInput, ifMatch: number | null): Promise<CaseView> {
    const current = await this.cases.findVisible(actor, idOrCaseNo);
    if (!current) throw notFound();
    assertVersion(current, ifMatch);

    const plan = planTransition(toSnapshot(current), input, actor);
    const now = this.clock.now();
    const event = {
      at: now,
      action: plan.action,
      fromStatus: plan.from,
      toStatus: plan.to,
      actorId: actor.id,
      actorName: actor.username,
      // Typed text keeps no full ID number or phone (API.md, Conventions); otherwise stored as sent.
      comment: input.comment ? maskPersonalData(input.comment) : null,
      data: plan.eventData as Prisma.InputJsonValue,
    };
    const applied = await this.transactions.run(async (tx) => {
      // Under the row lock: the clocks and the timeline as committed, and the calendar in force (its
      // version checked and held until the commit).
      const locked = await this.cases.lockForTransition(tx, current);
      if (locked === null) return null;
      const calendar = await this.sla.calendars.ofVersion(locked.calendarVersion, tx);
      const clocks = this.sla.clocksAfter(calendar, current.kind, locked.clocks, plan, now);
      const finished = stoppedClockResults(calendar, current, locked.clocks, clocks, plan.action);
      const written = await this.cases.recordTransition(tx, current, toUpdate(plan, now), event, clocks, finished);
      return { row: written.row, events: [...locked.events, written.event], clocks: inClockOrder(clocks), finished, calendar };
    });
    if (applied === null) {
      // Someone else changed the case between our read and our write.
      const fresh = await this.cases.findVisible(actor, current.id);
      if (!fresh) throw notFound();
      if (ifMatch !== null) assertVersion(fresh, ifMatch);
      throw new DomainError(
        'INVALID_TRANSITION',
        `the case changed while '${input.action}' was being applied; it is now ${fresh.status}`,
        { allowedActions: allowedActions(toSnapshot(fresh), actor) },
      );
    }
    // This process's cached public view and list pages go now; the other processes hear it from the database.
    this.changes.committed(current.caseNo, caseAgencies(current));
    this.metrics.transitions.inc({ action: plan.action });
    for (const r of applied.finished) {
      // A clock counted for two agencies is still one clock finished.
      if (r.sharedWith === null) this.metrics.slaClocksFinished.inc({ kind: r.kind, clock: r.clock, outcome: r.outcome });
    }
    // The row, the clocks and the timeline as committed come back from the transaction: nothing is read again.
    return toCaseView(applied.row, actor, this.sla.view(applied.calendar, applied.clocks, now), applied.events);
  }
}

function toUpdate(plan: TransitionPlan, now: Date): Prisma.CaseUncheckedUpdateManyInput {
  return { ...plan.patch, status: plan.to, updatedAt: now, ...(plan.final ? { closedAt: now } : {}) };
}

function assertVersion(row: CaseRow, ifMatch: number | null): void {
  if (ifMatch !== null && ifMatch !== row.version) {
    throw new DomainError('VERSION_MISMATCH', `If-Match "${ifMatch}" does not match the case's current version "${row.version}"`);
  }
}

export function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'no such case');
}
