import type { Page } from '@playwright/test';
import { T } from './texts';

export class ReportsScreen {
  constructor(readonly page: Page) {}
  readonly heading = () => this.page.getByRole('heading', { name: T.title });
  readonly table = () => this.page.locator('.ant-table');
  /** The table's row of a group (its label: 广东省汕头市, 转出地办理, 2026-11, 合计). */
  readonly row = (label: string) => this.table().getByRole('row').filter({ has: this.page.getByRole('cell', { name: label, exact: true }) });
  readonly cells = (label: string) => this.row(label).getByRole('cell');
  readonly groupBy = () => this.page.getByLabel(T.groupBy);
  readonly csv = () => this.page.getByRole('button', { name: T.csv });
  readonly xlsx = () => this.page.getByRole('button', { name: T.xlsx });
  readonly charts = () => this.page.locator('[role="img"][data-ready="true"] canvas');
  readonly definitions = () => this.page.getByRole('button', { name: T.definitions });

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/console/reports${query}`);
    await this.heading().waitFor();
  }

  async group(label: string): Promise<void> {
    await this.groupBy().click();
    await this.page.getByTitle(label).click();
  }
}
