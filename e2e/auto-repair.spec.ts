import { popupText } from '../src/server/popup-text.ts';
import { en } from '../src/ui/i18n/en.ts';
import { expect, test } from './fixtures.ts';

/**
 * Keeping SALUS set up automatically (issue 20), as a Directory admin tries it in the demo: on the
 * completion badge they tick the box and allow it in Procore's window; a project then created on
 * the simulated Procore page without the SALUS account is put right within seconds without them,
 * and the open page says so (the badge: completed by an automatic repair; the run started on
 * their behalf).
 * Clearing the box turns it off. Nothing here sleeps: it waits for what the screens say.
 */

// The server keeps the company's watch and repair grant across fake resets: this company's is its own.
test.use({ scenario: 'fresh-install', ownStack: true });

/** Long enough for the grace period, a worker's poll, the repair and a re-check on a loaded 2-core machine. */
const REPAIRED_MS = 45_000;

/** `en` strings with `{placeholders}` as a pattern matching any filled-in value. */
function pattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\\\{\w+\\\}/g, '.+')}$`);
}

/** Fills an `en` string's placeholders. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `{${key}}`);
}

test('with the box ticked, a project created without the SALUS account is repaired on the admin’s behalf; clearing it turns that off', async ({
  salus,
  page,
}) => {
  const { app } = salus;
  await salus.completeSetup();
  const badge = salus.badge();

  // Whoever applied the fix is the admin who turns automatic repair on.
  const completed = await badge.getByText(pattern(en.badge.completed)).textContent();
  const admin = /by (.+)\.$/.exec(completed ?? '')?.[1];
  expect(admin, 'the admin named on the badge').toBeTruthy();

  const toggle = badge.getByRole('checkbox', { name: en.autoRepair.label });
  const turnedOn = badge.getByText(pattern(fill(en.autoRepair.on, { name: admin! })));
  await test.step('the badge offers the box, off, once the company is watched', async () => {
    // Offered once the company hook is registered, right after completion.
    await expect(toggle).toBeVisible({ timeout: REPAIRED_MS });
    await expect(toggle).not.toBeChecked();
    await expect(badge).toContainText(en.autoRepair.help);
    await expect(turnedOn).toHaveCount(0);
  });

  await test.step('ticking it asks Procore; after Allow there the badge says who turned it on', async () => {
    // The core-react checkbox's label takes the click.
    await badge.getByText(en.autoRepair.label, { exact: true }).click();
    await expect(toggle).toBeChecked();
    await expect(badge).toContainText(en.autoRepair.consent);
    await expect(turnedOn).toHaveCount(0);
    // Procore's window opens from the person's own click on the button, not the box.
    const popupOpened = page.waitForEvent('popup');
    await badge.getByRole('button', { name: en.autoRepair.allow }).click();
    const popup = await popupOpened;
    await expect(badge.getByRole('status')).toContainText(en.autoRepair.waiting);
    await expect(popup).toHaveTitle(/Procore/);
    await popup.getByRole('button', { name: 'Allow' }).click();
    // Procore's window stays open, saying what was allowed; the person closes it.
    await expect(popup.getByText(popupText('en')('repairOn', { name: admin! }))).toBeVisible();
    await expect(
      popup.getByRole('heading', { name: popupText('en')('repairAllowed') }),
    ).toBeVisible();
    await popup.close();
    await expect(turnedOn).toBeVisible();
    await expect(toggle).toBeChecked();
    await expect(badge.getByRole('status')).toHaveCount(0);
    await expect(badge.getByText(pattern(en.autoRepair.lastRepair))).toHaveCount(0);
  });

  const procore = page.getByRole('region', { name: 'Make a change in Procore' });
  await test.step('a project created without the SALUS account is repaired automatically', async () => {
    await procore.getByLabel('Project name').fill('Harbor Tower');
    await procore.getByRole('checkbox', { name: /^Without the SALUS account/ }).check();
    await procore.getByRole('button', { name: 'Create project' }).click();
    await expect(procore.getByRole('status')).toHaveText(
      /^Project “Harbor Tower” created\. Procore did not add the SALUS account to it/,
    );

    // The run the repair started, followed on the open page (in place of the fix's): on the
    // admin's behalf, 1 project added.
    const startedByRule = pattern(fill(en.progress.startedByRule, { name: admin! }));
    const run = app.getByRole('region').filter({ has: app.getByText(startedByRule) });
    await expect(run).toBeVisible({ timeout: REPAIRED_MS });
    await expect(run.getByRole('heading', { name: en.progress.titleDone })).toBeVisible({
      timeout: REPAIRED_MS,
    });
    await expect(run.getByText(fill(en.progress.bar.one, { done: '1', count: '1' }))).toBeVisible();
    const added = run.locator('dt', { hasText: en.progress.counts.added });
    await expect(added.locator('xpath=following-sibling::dd[1]')).toHaveText('1');

    // Complete again: the badge says the automatic repair completed it, on whose behalf (once:
    // not again as the last automatic repair), still on.
    await expect(
      badge.getByText(pattern(fill(en.badge.completedByRepair, { name: admin! }))),
    ).toBeVisible({ timeout: REPAIRED_MS });
    await expect(badge.getByText(pattern(en.autoRepair.lastRepair))).toHaveCount(0);
    await expect(turnedOn).toBeVisible();
    await expect(toggle).toBeChecked();
    await expect(
      app.getByRole('article', { name: en.steps['project-access'].title }),
    ).not.toContainText('Needs attention');
  });

  await test.step('clearing the box turns it off', async () => {
    await badge.getByText(en.autoRepair.label, { exact: true }).click();
    await expect(toggle).not.toBeChecked();
    await expect(toggle).toBeEnabled();
    await expect(turnedOn).toHaveCount(0);
    await expect(badge).not.toContainText(/Automatic repair is paused/);

    // Still off when the page is opened again: the server forgot the grant.
    // (The partitioned session cookie keeps the sign-in.)
    const reopened = await salus.closeAndReopen();
    await expect(
      reopened.badge().getByRole('checkbox', { name: en.autoRepair.label }),
    ).not.toBeChecked({ timeout: 30_000 });
  });
});
