import { expect, test } from './fixtures.ts';
import { signInToSupport } from './support/support-sign-in.ts';

/**
 * axe-core, WCAG 2.0/2.1 A and AA, with no rule disabled, on every screen: the simulated
 * Procore page is analysed with the app's cross-site iframe inside it. The special screens
 * (non-admin, app not installed, templates missing, several candidates) are analysed in
 * special-screens.spec.ts, the failed run in flaky.spec.ts.
 */

test.describe('the admin path', () => {
  test.use({ scenario: 'wrong-templates' });

  test('sign-in, checklist, review, progress and badge have no axe violations', async ({
    salus,
    stack,
  }) => {
    const { app } = salus;
    await salus.open();
    await expect(salus.button('Sign in with Procore')).toBeEnabled();
    await salus.expectNoAxeViolations('sign-in');

    await salus.signIn();
    await salus.checked();
    await app.getByRole('button', { name: /^The \d+ projects to fix$/ }).click();
    await expect(app.getByRole('navigation', { name: 'Project pages' })).toBeVisible();
    await salus.expectNoAxeViolations('checklist');

    await salus.button('Fix permissions').click();
    const review = app.getByRole('dialog', { name: 'Review the changes' });
    await expect(review.getByRole('button', { name: 'Apply changes' })).toBeVisible();
    await salus.expectNoAxeViolations('review dialog');

    // Slow enough that the progress screen holds still while axe looks at it.
    await stack.knobs({ latencyMs: 1500, betaEndpoints: { bulkAdd: false } });
    await review.getByRole('button', { name: 'Apply changes' }).click();
    await expect(app.getByRole('region', { name: 'Applying the changes' })).toBeVisible();
    await expect(app.getByRole('progressbar')).toBeVisible();
    await salus.expectNoAxeViolations('progress');
    // Still running: axe looked at the progress screen, not the badge.
    await expect(app.getByRole('region', { name: 'Applying the changes' })).toBeVisible();

    await stack.knobs({ latencyMs: 0 });
    await expect(salus.badge()).toBeVisible({ timeout: 30_000 });
    await salus.expectNoAxeViolations('completion badge');
  });
});

test.describe('the support view', () => {
  test.use({ scenario: 'complete' });

  test('lists the companies and has no axe violations', async ({ salus, stack, page, facts }) => {
    // A company the server has checked, so the list has a row.
    await salus.open();
    await salus.signIn();
    await salus.checked();

    await page.goto(`${stack.appUrl}/support`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'SALUS support: customer setups',
    );
    await salus.expectNoAxeViolations('support sign-in');
    await signInToSupport(page, stack.appUrl);
    const companies = page.getByRole('table').first();
    await expect(companies.getByRole('row', { name: new RegExp(facts.companyName) })).toBeVisible();
    // No webhook in the demo: the completion notice is held here, and listed.
    const held = page.getByRole('region', { name: 'Notices to SALUS support kept here' });
    await expect(held.getByRole('row', { name: new RegExp(facts.companyName) })).toContainText(
      'Setup completed',
    );
    await salus.expectNoAxeViolations('support');
    await companies.getByRole('button', { name: new RegExp(facts.companyName) }).click();
    await expect(page.getByRole('region', { name: 'Recent support access' })).toBeVisible();
    await salus.expectNoAxeViolations('support company details');
  });
});
