import { expect, test } from './fixtures.ts';

// resume.spec.ts fixes this company too, and the server remembers completions: a stack of its own.
test.use({ scenario: 'partly-configured', ownStack: true });

test('trying one project first: one project, its result, then Continue with the rest to Setup complete', async ({
  salus,
  stack,
  facts,
}) => {
  const { app } = salus;
  const missing = facts.activeProjects - facts.serviceAccountActiveProjects;
  const adds = async () =>
    (await stack.state()).writeLog.filter((w) => w.kind === 'membership.add');
  await salus.open();
  await salus.signIn();
  await salus.checked();

  // The option adds no button: each name still belongs to exactly one.
  await expect(app.getByRole('button', { name: 'Fix permissions' })).toHaveCount(1);
  await salus.button('Fix permissions').click();
  const review = app.getByRole('dialog', { name: 'Review the changes' });
  await expect(app.getByRole('button', { name: 'Apply changes' })).toHaveCount(1);
  const option = review.getByRole('checkbox', { name: 'Try it on one project first' });
  await expect(option).not.toBeChecked();
  // Procore's checkbox draws its own box: the label is what takes the click.
  await review.getByText('Try it on one project first').click();
  await expect(option).toBeChecked();
  await review.getByRole('button', { name: 'Apply changes' }).click();
  await expect(review).toBeHidden();

  // The panel's state is the trial's: its title says so, and nothing says the fix goes on.
  const run = app.getByRole('region', { name: 'Tried on one project' });
  await expect(run).toBeVisible({ timeout: 30_000 });
  await expect(run.getByText(/keeps going/)).toHaveCount(0);
  await expect(
    run.getByText(/^The service account was set up on “.+” and can read it\./),
  ).toBeVisible();
  await expect(run.getByText(`1 of ${missing} projects`)).toBeVisible();
  expect(await adds()).toHaveLength(1);

  await run.getByRole('button', { name: 'Continue with the rest' }).click();
  await expect(salus.badge()).toBeVisible({ timeout: 30_000 });
  await expect(salus.badge()).toContainText('Setup complete');
  const all = await adds();
  expect(all).toHaveLength(missing);
  expect(new Set(all.map((w) => w.projectId)).size).toBe(missing);
});
