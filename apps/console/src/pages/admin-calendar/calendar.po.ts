import type { Page } from '@playwright/test';
import { T } from './texts';

export class CalendarScreen {
  constructor(readonly page: Page) {}
  readonly heading = () => this.page.getByRole('heading', { name: T.title });
  readonly field = (label: string) => this.page.getByLabel(label, { exact: true });
  readonly save = () => this.page.getByRole('button', { name: T.save });
  readonly remove = (date: string) => this.page.getByRole('button', { name: `${T.remove} ${date}` });

  async goto(): Promise<void> {
    await this.page.goto('/console/admin/calendar');
    await this.heading().waitFor();
  }
}
