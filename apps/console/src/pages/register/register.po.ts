import type { Page } from '@playwright/test';
import { T } from './texts';

export interface TransferInput {
  name: string;
  idNumber: string;
  phone?: string;
  toRegion: string;
  reason: string;
}

export class RegisterScreen {
  constructor(readonly page: Page) {}
  readonly heading = () => this.page.getByRole('heading', { name: T.title });
  readonly field = (label: string) => this.page.getByLabel(label, { exact: true });
  readonly submit = () => this.page.getByRole('button', { name: T.submit });
  readonly promised = () => this.page.getByText(T.promised);

  async goto(): Promise<void> {
    await this.page.goto('/console/register');
    await this.heading().waitFor();
  }

  async fillTransfer(input: TransferInput): Promise<void> {
    await this.field(T.name).fill(input.name);
    await this.field(T.idNumber).fill(input.idNumber);
    if (input.phone) await this.field(T.phone).fill(input.phone);
    await this.field(T.toRegion).fill(input.toRegion);
    await this.page.keyboard.press('Escape');
    await this.choose(T.reason, input.reason);
  }

  /** Picks an option of a select as a clerk does with the keyboard: type its name, Enter. */
  async choose(label: string, option: string): Promise<void> {
    await this.field(label).click();
    await this.page.keyboard.type(option);
    await this.page.keyboard.press('Enter');
  }
}
