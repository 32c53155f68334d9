import { Injectable } from '@nestjs/common';
import { Clock } from '@case-desk/core';
import { Actor, AlertLevel, DomainError, canActFor } from '@case-desk/domain';
import { decodeKeysetCursor, encodeKeysetCursor } from '@case-desk/cases';
import { AlertView, toAlertView } from './alert.view';
import { AlertsRepository } from './alerts.repository';

export interface AlertFilter {
  level?: AlertLevel;
  acknowledged?: boolean;
  /** ADMIN only (API.md): alerts the webhook receiver has (not) accepted yet. */
  delivered?: boolean;
  limit: number;
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Alerts of the cases the caller can see, newest first; acknowledgement records who and when. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, filter: AlertFilter): Promise<{ items: AlertView[]; nextCursor: string | null }> {
    if (filter.delivered !== undefined && actor.role !== 'ADMIN') {
      throw new DomainError('FORBIDDEN', 'only an ADMIN may filter alerts by delivery');
    }
    const after = filter.cursor === undefined ? null : decodeKeysetCursor(filter.cursor, (id) => UUID.test(id));
    const rows = await this.alerts.page(actor, {
      level: filter.level,
      acknowledged: filter.acknowledged,
      delivered: filter.delivered,
      after,
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toAlertView),
      nextCursor: rows.length > filter.limit && last ? encodeKeysetCursor(last.raisedAt, last.id) : null,
    };
  }

  /**
   * By a user who may act for the alert's agency (API.md, Alerts): its clerk, the supervisor of its
   * province, an admin. Another user who can see the case gets 403; one who cannot, 404. Idempotent:
   * acknowledging again keeps the first acknowledgement.
   */
  async acknowledge(actor: Actor, id: string): Promise<AlertView> {
    if (!UUID.test(id)) throw notFound();
    const found = await this.alerts.findVisibleAgency(actor, id);
    if (found === null) throw notFound();
    if (!canActFor(actor, found.agency)) {
      throw new DomainError('FORBIDDEN', `only a user acting for agency ${found.agency} may acknowledge this alert`);
    }
    // The agency of an alert never changes, so the check above still holds for the update.
    await this.alerts.acknowledge(actor, id, actor.username, this.clock.now());
    const row = await this.alerts.findVisible(actor, id);
    if (row === null) throw notFound();
    return toAlertView(row);
  }
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'no such alert');
}
