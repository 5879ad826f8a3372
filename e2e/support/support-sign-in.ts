import { expect, type Page } from '@playwright/test';

/**
 * SALUS support's way in, as a person takes it: /support → "Sign in with SALUS" → the simulated
 * SALUS identity provider → "Sign in as support@salus.example" → back on /support, signed in.
 */
export async function signInToSupport(page: Page, appUrl: string) {
  await page.goto(`${appUrl}/support`);
  await page.getByRole('link', { name: 'Sign in with SALUS' }).click();
  await page.getByRole('button', { name: 'Sign in as support@salus.example' }).click();
  await expect(page.getByText('Signed in as support@salus.example')).toBeVisible();
}
