import { expect, test } from './fixtures.ts';
import { signInToSupport } from './support/support-sign-in.ts';

/** The demo's scenarios, as a person trying them sees them. */

test.describe('the complete scenario', () => {
  test.use({ scenario: 'complete' });

  test('is complete: the badge, and no step that needs attention under it', async ({ salus }) => {
    await salus.open();
    await salus.signIn();
    await salus.checked();
    await expect(salus.badge()).toBeVisible();
    await expect(salus.app.getByText('Needs attention')).toHaveCount(0);
    const support = salus.app.getByRole('article', { name: 'SALUS support told' });
    await expect(support).toContainText('Complete');
    await expect(support.getByText(/Recorded for SALUS support/)).toHaveCount(1);
  });
});

test.describe('the flag-not-reported scenario', () => {
  test.use({ scenario: 'flag-not-reported' });

  test('reads the flag as unknown, and the review sets it from "unknown", saying why once', async ({
    salus,
  }) => {
    await salus.open();
    await salus.signIn();
    await salus.checked();
    const step = salus.app.getByRole('article', { name: 'Added to new projects' });
    await expect(step).toContainText('Needs attention');
    await expect(step).toContainText('Add to new projects: unknown → on');
    await expect(salus.badge()).toHaveCount(0);

    await salus.button('Fix permissions').click();
    const review = salus.app.getByRole('dialog', { name: 'Review the changes' });
    await expect(review.getByText('Add to all new projects: unknown → on')).toBeVisible();
    await expect(review.getByText(/Procore does not report whether/)).toHaveCount(1);
    await expect(review.getByText(/: on → on$/)).toHaveCount(0);
    await review.getByRole('button', { name: 'Apply changes' }).click();
    await expect(salus.badge()).toBeVisible({ timeout: 30_000 });
  });
});

test.describe('switching the demo scenario', () => {
  test('starts the app afresh too: no old run, no "changed since completion"', async ({
    salus,
    page,
    stack,
  }) => {
    await salus.open();
    await salus.signIn();
    await salus.checked();
    // A fix left waiting after its trial project: a run still open for this company.
    await salus.button('Fix permissions').click();
    const review = salus.app.getByRole('dialog', { name: 'Review the changes' });
    // Procore's checkbox draws its own box: the label is what takes the click.
    await review.getByText('Try it on one project first').click();
    await expect(
      review.getByRole('checkbox', { name: 'Try it on one project first' }),
    ).toBeChecked();
    await review.getByRole('button', { name: 'Apply changes' }).click();
    await expect(salus.button('Continue with the rest')).toBeVisible({ timeout: 30_000 });

    // The simulated Procore page's own picker, as a person uses it.
    await page.getByLabel('Demo scenario').selectOption('fresh-install');
    await page.getByRole('button', { name: 'Switch scenario' }).click();
    await expect(salus.button('Sign in with Procore')).toBeVisible();
    await salus.signIn();
    await salus.checked();
    await expect(salus.app.getByText(/^4 of 6 steps need attention: /)).toBeVisible();
    await expect(salus.button('Fix permissions')).toBeVisible();
    await expect(salus.button('Continue with the rest')).toHaveCount(0);
    await expect(salus.app.getByRole('heading', { name: 'Applying the changes' })).toHaveCount(0);

    // SALUS support sees the company as it is now, not as a completed one that changed.
    await signInToSupport(page, stack.appUrl);
    const row = page
      .getByRole('table')
      .first()
      .getByRole('row', { name: /Granite Ridge/ });
    await expect(row).toContainText('Needs attention');
    await expect(page.getByText('Changed since completion')).toHaveCount(0);
  });
});
