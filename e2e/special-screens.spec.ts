import { expect, test } from './fixtures.ts';

/**
 * Each of these companies gets its own screen, with no axe violations (WCAG 2.1 A/AA), and
 * looking at it writes nothing to Procore.
 */

test.describe('a user without Directory admin', () => {
  test.use({ scenario: 'non-admin' });

  test('sees the checks and a message for an admin, and no fix', async ({
    salus,
    stack,
    facts,
  }) => {
    const { app } = salus;
    await salus.open();
    await salus.signIn({ as: facts.nonAdminLogin });
    await salus.checked();

    const handoff = app.getByRole('region', { name: 'Only a Directory admin can apply the fix' });
    await expect(handoff).toBeVisible();
    const message = handoff.getByRole('textbox', { name: 'Message for your Procore admin' });
    await expect(message).toHaveValue(new RegExp(`${facts.companyName} \\(${facts.companyId}\\)`));
    const account = facts.serviceAccountLogin!.split('@')[0]!;
    await expect(message).toHaveValue(new RegExp(`edit the user ${account}:`));
    await expect(message).toHaveValue(
      /Default template for new projects: none → SALUS Project Integration/,
    );
    await salus.expectNoAxeViolations('non-admin');

    const admin = app.getByRole('article', { name: 'You are a Directory admin' });
    await expect(admin).toContainText('Needs attention');
    // What the viewer has: the app does not change their own access.
    await expect(admin).toContainText('Your Directory access: Read Only');
    await expect(admin).not.toContainText('→ Admin');
    // Written to the admin who receives it, who needs no "you have Read Only access".
    await expect(message).not.toHaveValue(/Before that|Read Only/);
    // A non-admin's Procore lists only the projects they are on: never "complete" from that.
    const access = app.getByRole('article', { name: 'Access to every active project' });
    await expect(access).toContainText("Can't check");
    await expect(access).toContainText('Procore shows you only the projects you are on.');

    await expect(salus.button('Fix permissions')).toHaveCount(0);
    await expect(app.getByText(/Setup complete/)).toHaveCount(0);
    expect((await stack.state()).writeLog).toEqual([]);
  });

  test('at 800 px the message fits its card and shows all of its text', async ({
    salus,
    facts,
    page,
  }) => {
    await page.setViewportSize({ width: 800, height: 800 });
    await salus.open();
    await salus.signIn({ as: facts.nonAdminLogin });
    await salus.checked();
    const handoff = salus.app.getByRole('region', {
      name: 'Only a Directory admin can apply the fix',
    });
    const message = handoff.getByRole('textbox', { name: 'Message for your Procore admin' });
    await expect(message).toHaveValue(/Company Tools → Apps/);
    const card = (await handoff.boundingBox())!;
    const box = (await message.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(card.x);
    expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
    // Tall enough for its wrapped lines: nothing hidden behind a scroll bar.
    const scroll = await message.evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(scroll).toBeLessThanOrEqual(1);
  });
});

test.describe('a company without the SALUS app', () => {
  test.use({ scenario: 'no-service-account' });

  test('is told how to install it, with the App Version ID to copy', async ({
    salus,
    stack,
    page,
  }) => {
    const { app } = salus;
    await salus.open();
    await salus.signIn();
    await salus.checked();

    const install = app.getByRole('region', { name: 'Install the SALUS app first' });
    await expect(install).toBeVisible();
    await expect(install.getByRole('code')).toHaveText('942ce720-c74e-4644-a15c-e4b09c5ee700');
    await expect(
      install.getByRole('link', { name: /Open Company Tools → App Management/ }),
    ).toHaveAttribute('href', /\/company\/app_management$/);
    await salus.expectNoAxeViolations('app not installed');

    // The simulated Procore page frames the app without `allow="clipboard-write"` (whether
    // Procore's does is unconfirmed), so the browser refuses the copy: the app must say so.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await install.getByRole('button', { name: 'Copy App Version ID' }).click();
    await expect(install.getByRole('status')).toHaveText(
      'Copying did not work; select the ID and copy it yourself.',
    );

    await expect(salus.button('Fix permissions')).toHaveCount(0);
    expect((await stack.state()).writeLog).toEqual([]);
  });
});

test.describe('a company without the SALUS templates', () => {
  test.use({ scenario: 'missing-templates' });

  test('is told which templates are missing; the fix creates them and reaches Setup complete', async ({
    salus,
    stack,
  }) => {
    const { app } = salus;
    await salus.open();
    await salus.signIn();
    await salus.checked();

    const missing = app.getByRole('region', {
      name: 'Both SALUS permission templates are missing',
    });
    await expect(missing).toContainText('Company template “SALUS Integration Account”');
    await expect(missing).toContainText('Project template “SALUS Project Integration”');
    await expect(missing).toContainText('Fix permissions can create them for you');
    await salus.expectNoAxeViolations('templates missing');

    await salus.button('Fix permissions').click();
    const review = app.getByRole('dialog', { name: 'Review the changes' });
    await expect(review).toContainText(
      'Create the company permissions template “SALUS Integration Account” with:',
    );
    await expect(review).toContainText(
      'Create the project permissions template “SALUS Project Integration” (Global) with:',
    );
    await expect(review).toContainText('Daily Log: Standard');
    await expect(review.getByRole('alert')).toHaveCount(0);
    expect((await stack.state()).writeLog).toEqual([]);

    await review.getByRole('button', { name: 'Apply changes' }).click();
    await expect(salus.badge()).toBeVisible({ timeout: 30_000 });
    const { writeLog } = await stack.state();
    expect(writeLog.filter((w) => w.kind === 'template.create')).toHaveLength(2);
    expect(writeLog.slice(0, 2).map((w) => w.kind)).toEqual(['template.create', 'template.create']);
  });
});

test.describe('a company with two candidate service accounts', () => {
  test.use({ scenario: 'several-candidates' });

  test('lets the admin pick the right one, then checks it', async ({ salus, stack, facts }) => {
    const { app } = salus;
    await salus.open();
    await salus.signIn();
    await salus.checked();

    const choose = app.getByRole('region', { name: 'Which user is the SALUS service account?' });
    await expect(choose.getByRole('row')).toHaveCount(3);
    await expect(salus.button('Fix permissions')).toHaveCount(0);
    await salus.expectNoAxeViolations('several candidates');

    const account = facts.serviceAccountLogin!.split('@')[0]!;
    await choose.getByRole('button', { name: `Use ${account}` }).click();
    await expect(choose).toBeHidden();
    await expect(app.getByRole('article', { name: 'SALUS service account found' })).toContainText(
      `Service account: ${account} (${facts.serviceAccountLogin})`,
    );
    await expect(salus.button('Fix permissions')).toBeVisible();
    expect((await stack.state()).writeLog).toEqual([]);
  });
});
