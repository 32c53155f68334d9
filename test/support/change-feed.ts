import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CaseChangeFeed, CaseChangeListener } from '@case-desk/cases';

/**
 * Waits until `app` has heard every change committed so far. A change's notice reaches the other
 * processes a moment after its commit (after the HTTP answer), and a late notice drops a copy kept in
 * the meantime: harmless (the next poll reads the database) but it would make a count of memory hits
 * flaky. PostgreSQL delivers notices in commit order, so once a marker sent now has arrived, so has
 * every earlier one. The marker names `agencies` as a change to a case of theirs would (none: a notice
 * of unknown agencies, which drops every cached list page).
 */
export async function changesHeard(app: INestApplicationContext, agencies: string[] = []): Promise<void> {
  const feed = app.get(CaseChangeFeed);
  const marker = `heard-${randomUUID()}`;
  await new Promise<void>((resolve, reject) => {
    const listener: CaseChangeListener = {
      caseChanged: (caseNo) => {
        if (caseNo !== marker) return;
        feed.unsubscribe(listener);
        resolve();
      },
      feedReset: () => undefined,
    };
    feed
      .subscribe(listener)
      .then(() => feed.announce([marker, ...agencies].join(' ')))
      .catch(reject);
  });
}
