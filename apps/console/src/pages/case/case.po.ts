import type { Page } from '@playwright/test';
import { T } from './texts';

export class CaseScreen {
  constructor(readonly page: Page) {}
  readonly action = (label: string) => this.page.getByRole('button', { name: label });
  readonly dialog = () => this.page.getByRole('dialog');
  readonly confirm = () => this.dialog().getByRole('button', { name: T.confirm });
  readonly staleNotice = () => this.page.getByRole('alert').filter({ hasText: T.stale });
  readonly status = (label: string) => this.page.getByText(label, { exact: true });

  async goto(caseNo: string): Promise<void> {
    await this.page.goto(`/console/cases/${caseNo}`);
    await this.page.getByRole('heading', { name: caseNo }).waitFor();
  }
}
