import type { Page } from '@playwright/test';
import { T } from './texts';

export class ReceiptScreen {
  constructor(readonly page: Page) {}
  readonly receipt = () => this.page.getByRole('article', { name: T.title });
  readonly print = () => this.page.getByRole('button', { name: T.print });
  readonly qr = () => this.receipt().getByRole('figure', { name: T.qr }).locator('svg');
  readonly value = (label: string) => this.receipt().locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
}
