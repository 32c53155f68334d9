import type { Page } from '@playwright/test';
import { T } from './texts';

export class UsersScreen {
  constructor(readonly page: Page) {}
  readonly heading = () => this.page.getByRole('heading', { name: T.title });
  readonly field = (label: string) => this.page.getByLabel(label, { exact: true });
  readonly submit = () => this.page.getByRole('button', { name: T.submit });

  async goto(): Promise<void> {
    await this.page.goto('/console/admin/users');
    await this.heading().waitFor();
  }
}
