import type { Page } from '@playwright/test';
import { T } from './texts';

export class StatusScreen {
  constructor(readonly page: Page) {}
  readonly heading = () => this.page.getByRole('heading', { name: T.title });
  readonly part = (name: 'sweep' | 'alerts' | 'calendar') => this.page.getByRole('region', { name: T[name] });
  readonly sweepUnhealthy = () => this.page.getByRole('alert').filter({ hasText: T.sweepUnhealthy });
  readonly nextYearUnconfirmed = () => this.page.getByRole('alert').filter({ hasText: '节假日安排尚未录入' });

  async goto(): Promise<void> {
    await this.page.goto('/console/admin/status');
    await this.heading().waitFor();
  }
}
