import type { Page } from '@playwright/test';
import { T } from './texts';

export class QueueScreen {
  constructor(readonly page: Page) {}
  readonly heading = () => this.page.getByRole('heading', { name: T.title });
  readonly search = () => this.page.getByRole('searchbox', { name: T.search }).or(this.page.getByPlaceholder(T.search));
  readonly mineOnly = () => this.page.getByRole('checkbox', { name: T.mine });
  readonly row = (caseNo: string) => this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name: caseNo, exact: true }) });

  async goto(): Promise<void> {
    await this.page.goto('/console/');
    await this.heading().waitFor();
  }
}
