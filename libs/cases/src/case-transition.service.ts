import { Injectable } from '@nestjs/common';
import { Clock, Metrics } from '@case-desk/core';
import { CaseEventRow, CaseRow, Prisma, TransactionRunner } from '@case-desk/db';
import {
  Actor,
  ClockRecord,
  ClockResult,
  DomainError,
  TransitionInput,
  TransitionPlan,
  WorkingCalendar,
  allowedActions,
  maskPersonalData,
  planTransition,
  stoppedClockResults,
} from '@case-desk/domain';
import { SlaService, inClockOrder } from '@case-desk/sla';
import { CaseChangeFeed } from './case-change-feed';
import { caseAgencies } from './case-scope';
import { CaseInFull, CaseRepository, NewCaseEvent } from './case.repository';
import { CaseView, toCaseView, toSnapshot } from './case.view';

/**
 * Applies one action to one case: visibility, the If-Match precondition, the domain's transition table,
 * then a compare-and-set that writes the status change and its timeline event together, with the
 * case's clocks moved with the calendar in force and the results of the clocks it stops.
 *
 * The usual way takes two round trips: one read (the case, its clocks and timeline, the calendar
 * version), then one statement that writes everything only if, under the case's and the calendar's
 * locks, none of what was read has changed (CaseRepository.recordTransitionIfUnchanged). When something did
 * (another transition, a due-date recomputation, a calendar change), the locked way runs: one
 * transaction that locks the case on the status and version it was read with, reads the clocks and
 * the calendar under the lock and writes; it fails as before if the case itself changed.
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
    const read = await this.cases.findVisibleInFull(actor, idOrCaseNo);
    if (!read) throw notFound();
    const current = read.row;
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
    const applied = (await this.applyAsRead(read, plan, event, now)) ?? (await this.applyLocked(current, plan, event, now));
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
    // The row, the clocks and the timeline as committed come back from the write: nothing is read again.
    return toCaseView(applied.row, actor, this.sla.view(applied.calendar, applied.clocks, now), applied.events);
  }

  /** The plan written in one gated statement, from what was read; null (nothing written) when any of it changed. */
  private async applyAsRead(read: CaseInFull, plan: TransitionPlan, event: NewCaseEvent, now: Date): Promise<Applied | null> {
    const calendar = await this.sla.calendars.ofVersion(read.calendarVersion);
    const { clocks, finished } = this.moveClocks(calendar, read.row, read.clocks, plan, now);
    const written = await this.cases.recordTransitionIfUnchanged(read, toUpdate(plan, now), event, clocks, finished);
    if (written === null) return null;
    return { row: written.row, events: [...read.events, written.event], clocks: inClockOrder(clocks), finished, calendar };
  }

  /** The plan written in one transaction under the case's lock, with the clocks and calendar read under it; null when the case changed. */
  private applyLocked(current: CaseRow, plan: TransitionPlan, event: NewCaseEvent, now: Date): Promise<Applied | null> {
    return this.transactions.run(async (tx) => {
      // Under the row lock: the clocks and the timeline as committed, and the calendar in force (its
      // version checked and held until the commit).
      const locked = await this.cases.lockForTransition(tx, current);
      if (locked === null) return null;
      const calendar = await this.sla.calendars.ofVersion(locked.calendarVersion, tx);
      const { clocks, finished } = this.moveClocks(calendar, current, locked.clocks, plan, now);
      const written = await this.cases.recordTransition(tx, current, toUpdate(plan, now), event, clocks, finished);
      return { row: written.row, events: [...locked.events, written.event], clocks: inClockOrder(clocks), finished, calendar };
    });
  }

  /** The case's clocks after the plan, with the calendar of the write, and the results of those it stops. */
  private moveClocks(calendar: WorkingCalendar, current: CaseRow, before: ClockRecord[], plan: TransitionPlan, now: Date) {
    const clocks = this.sla.clocksAfter(calendar, current.kind, before, plan, now);
    return { clocks, finished: stoppedClockResults(calendar, current, before, clocks, plan.action) };
  }
}

interface Applied {
  row: CaseRow;
  events: CaseEventRow[];
  clocks: ClockRecord[];
  finished: ClockResult[];
  calendar: WorkingCalendar;
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
