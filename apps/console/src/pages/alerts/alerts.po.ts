import type { Page } from '@playwright/test';
import { T } from './texts';

export class AlertsScreen {
  constructor(readonly page: Page) {}
  readonly heading = () => this.page.getByRole('heading', { name: T.title });
  readonly row = (caseNo: string) => this.page.getByRole('row').filter({ hasText: caseNo });
  readonly acknowledge = (caseNo: string, level: string) => this.page.getByRole('button', { name: `${T.acknowledge} ${caseNo} ${level}` });

  async goto(): Promise<void> {
    await this.page.goto('/console/alerts');
    await this.heading().waitFor();
  }
}
