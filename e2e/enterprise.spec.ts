import { expect, test } from './fixtures.ts';

test.use({ scenario: 'enterprise' });

const n = (value: number) => value.toLocaleString('en');

test('5,000 projects: the checklist and the review count right, the last page and search work', async ({
  salus,
  stack,
  facts,
}) => {
  const { app } = salus;
  const on = facts.serviceAccountActiveProjects;
  const missing = facts.activeProjects - on;
  expect(facts.activeProjects).toBe(5000);

  await salus.open();
  await salus.signIn();
  await salus.checked();

  const access = app.getByRole('article', { name: 'Access to every active project' });
  await expect(access).toContainText(
    `Projects: on ${n(on)} of ${n(facts.activeProjects)} — ${n(missing)} missing, 0 with another template`,
  );
  await expect(access).toContainText(
    `${n(facts.inactiveProjects)} inactive projects are left alone.`,
  );

  await test.step('the last page of the missing projects', async () => {
    await access.getByRole('button', { name: `The ${n(missing)} projects to fix` }).click();
    const position = access.getByRole('navigation', { name: 'Project pages' }).getByRole('status');
    await expect(position).toHaveText(new RegExp(`^1–\\d+ of ${n(missing)}, page 1 of \\d+$`));
    const perPage = Number(/^1–(\d+)/.exec((await position.textContent()) ?? '')![1]);
    const pages = Math.ceil(missing / perPage);

    await access.getByRole('button', { name: 'Last page' }).click();
    const from = (pages - 1) * perPage + 1;
    await expect(position).toHaveText(
      `${n(from)}–${n(missing)} of ${n(missing)}, page ${pages} of ${pages}`,
    );
    const rows = access.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(missing - from + 2); // plus the header row
    await expect(access.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  await test.step('search finds a project from the last page, from page 1', async () => {
    const lastRow = access.getByRole('table').getByRole('row').last();
    const name = (await lastRow.getByRole('cell').first().textContent())!;
    const number = (await lastRow.getByRole('cell').nth(1).textContent())!;
    await access.getByRole('searchbox', { name: 'Search projects by name or number' }).fill(number);
    await access.getByRole('button', { name: 'Search', exact: true }).click();
    const position = access.getByRole('navigation', { name: 'Project pages' }).getByRole('status');
    await expect(position).toHaveText('1–1 of 1, page 1 of 1');
    await expect(access.getByRole('table').getByRole('row').nth(1)).toContainText(name);

    await access
      .getByRole('searchbox', { name: 'Search projects by name or number' })
      .fill('no such project anywhere');
    await access.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(access.getByText('No projects match.')).toBeVisible();
  });

  await test.step('the review counts the same projects, and Cancel changes nothing', async () => {
    await salus.button('Fix permissions').click();
    const review = app.getByRole('dialog', { name: 'Review the changes' });
    await expect(review).toContainText(
      `Add the service account to ${n(missing)} projects with the SALUS project template.`,
    );
    await expect(review).toContainText('Inactive projects are never changed.');
    await review.getByRole('button', { name: 'Cancel' }).click();
    await expect(review).toBeHidden();
    expect((await stack.state()).writeLog).toEqual([]);
  });
});
