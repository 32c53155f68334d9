import type { Page } from '@playwright/test';
import { T } from './texts';

/** The login screen as a clerk sees it. */
export class LoginScreen {
  constructor(readonly page: Page) {}
  readonly username = () => this.page.getByLabel(T.username);
  readonly password = () => this.page.getByLabel(T.password);
  readonly submit = () => this.page.getByRole('button', { name: T.submit });
  readonly alert = () => this.page.getByRole('alert');

  async goto(): Promise<void> {
    await this.page.goto('/console/login');
  }

  async login(username: string, password: string): Promise<void> {
    await this.username().fill(username);
    await this.password().fill(password);
    await this.submit().click();
  }
}
