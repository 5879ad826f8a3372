import { expect, test } from './fixtures.ts';

// The flaky company is fresh-install's, which other specs fix too.
test.use({ scenario: 'flaky', ownStack: true });

const ADD = '/rest/v1.0/projects/:project_id/users/:id/actions/add';

test('failed projects surface, Retry failed completes them, and only then the badge shows', async ({
  salus,
  stack,
  facts,
}) => {
  const { app } = salus;
  // Deterministic faults instead of the scenario's random ones, one write per project: the
  // first three adds refused for good (a 422 is not retried), the next two a transient 500
  // (retried within the run), and one applied with its answer lost (read back, not re-sent).
  await stack.knobs({
    faults: {
      serverErrorRate: 0,
      unavailableRate: 0,
      dropRate: 0,
      lostWriteRate: 0,
      rateLimitedRate: 0,
    },
    betaEndpoints: { bulkAdd: false },
  });
  await stack.failNext({
    method: 'POST',
    pathPattern: ADD,
    status: 422,
    body: { errors: 'Project is locked for maintenance' },
    count: 3,
  });
  await stack.failNext({ method: 'POST', pathPattern: ADD, status: 500, count: 2 });
  await stack.failNext({ method: 'POST', pathPattern: ADD, status: 500, afterApply: true });

  await salus.open();
  await salus.signIn();
  await salus.checked();
  await salus.applyFix();

  const run = app.getByRole('region', { name: 'The fix finished with problems' });
  await expect(run).toBeVisible({ timeout: 30_000 });
  const failures = run
    .getByRole('listitem')
    .filter({ hasText: 'Project is locked for maintenance' });
  await expect(failures).toHaveCount(3);
  await expect(failures.first()).toContainText('(HTTP 422)');
  await expect(salus.badge()).toHaveCount(0);
  await expect(app.getByText(/Setup complete/)).toHaveCount(0);
  await salus.expectNoAxeViolations('failed run');

  await run.getByRole('button', { name: 'Retry failed' }).click();
  await expect(salus.badge()).toBeVisible({ timeout: 30_000 });
  await expect(app.getByText('Project is locked for maintenance')).toHaveCount(0);

  // Every project added exactly once, the lost write included.
  const { writeLog } = await stack.state();
  const adds = writeLog.filter((w) => w.kind === 'membership.add');
  expect(adds).toHaveLength(facts.activeProjects);
  expect(new Set(adds.map((w) => w.projectId)).size).toBe(facts.activeProjects);
  expect(writeLog.filter((w) => w.kind === 'user.patch')).toHaveLength(1);

  const faults = (await stack.state()).requestLog.filter((r) => r.fault).map((r) => r.fault);
  expect(faults).toEqual([...Array(5).fill('fail-next'), 'fail-next-after-apply']);
});
