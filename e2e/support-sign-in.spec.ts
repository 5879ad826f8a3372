import { expect, test } from './fixtures.ts';
import { signInToSupport } from './support/support-sign-in.ts';

/**
 * SALUS support signs in as a person (issue 17), in Chromium against the demo stack: the way in
 * is on the page, the simulated SALUS identity provider signs them in, the list shows, and
 * signing out ends it.
 */

test.use({ scenario: 'complete' });

test('support opens /support, signs in with SALUS, sees the companies and signs out', async ({
  salus,
  stack,
  page,
  facts,
}) => {
  await salus.open();
  await salus.signIn();
  await salus.checked();

  await page.goto(`${stack.appUrl}/support`);
  await expect(page.getByText(/choose “Sign in as support@salus.example”/)).toBeVisible();
  await signInToSupport(page, stack.appUrl);
  const companies = page.getByRole('table').first();
  await expect(companies.getByRole('row', { name: new RegExp(facts.companyName) })).toBeVisible();

  // Its details say who looked, this person included.
  await companies.getByRole('button', { name: new RegExp(facts.companyName) }).click();
  const access = page.getByRole('region', { name: 'Recent support access' });
  await expect(
    access.getByRole('row', { name: /support@salus\.example.*Company details/ }).first(),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in with SALUS' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Sign in with SALUS' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
});
