import { expect, test } from './fixtures.ts';

test.use({ scenario: 'partly-configured' });

test('closing the page mid-run does not stop the run; reopened, it is still going, then done', async ({
  salus,
  stack,
  facts,
}) => {
  const missing = facts.activeProjects - facts.serviceAccountActiveProjects;
  const projectsDone = (text: string | null) => Number(/^(\d+) of /.exec(text ?? '')?.[1] ?? NaN);
  await salus.open();
  await salus.signIn();
  await salus.checked();

  // Slow Procore down and make it one write per project, so the run outlives the page.
  await stack.knobs({ latencyMs: 600, betaEndpoints: { bulkAdd: false } });
  await salus.applyFix();
  const run = salus.app.getByRole('region', { name: 'Applying the changes' });
  const progress = run.getByText(new RegExp(`^\\d+ of ${missing} projects$`));
  await expect(progress).toHaveText(new RegExp(`^[1-9]\\d* of ${missing} projects$`), {
    timeout: 30_000,
  });
  const before = projectsDone(await progress.textContent());
  const startedBy = await run.getByText(/^Started by /).textContent();

  const again = await salus.closeAndReopen();
  // The partitioned session cookie keeps the sign-in; the run is found on the server.
  const reopened = again.app.getByRole('region', { name: 'Applying the changes' });
  await expect(reopened).toBeVisible({ timeout: 30_000 });
  await expect(reopened.getByText(/^Started by /)).toHaveText(startedBy!);
  const progressNow = reopened.getByText(new RegExp(`^\\d+ of ${missing} projects$`));
  await expect
    .poll(async () => projectsDone(await progressNow.textContent()))
    .toBeGreaterThan(before);

  await stack.knobs({ latencyMs: 0 });
  await expect(again.badge()).toBeVisible({ timeout: 30_000 });
  await expect(again.app.getByRole('region', { name: 'Changes applied' })).toContainText(
    `${missing} of ${missing} projects`,
  );
  const adds = (await stack.state()).writeLog.filter((w) => w.kind === 'membership.add');
  expect(new Set(adds.map((w) => w.projectId)).size).toBe(adds.length);
  expect(adds).toHaveLength(missing);
});
