import { readFile } from 'node:fs/promises';
import type { Locator } from '@playwright/test';
import { expect, test, type SalusPage } from './fixtures.ts';

/**
 * Cancel (issue 15, item 3): a running fix stops after the project in hand and records the rest
 * as cancelled; a paused one ends at once; what was done stays, is reported, and can be undone.
 */

// These leave a company half fixed: a stack of their own, so no other test sees it.
test.use({ scenario: 'partly-configured', ownStack: true });

const ADD = '/rest/v1.0/projects/:project_id/users/:id/actions/add';

/** The number under an outcome's label in the run panel. */
async function count(run: Locator, label: string): Promise<number> {
  const value = run.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('+ dd');
  return Number((await value.textContent())?.replace(/\D/g, '') ?? NaN);
}

async function startFix(salus: SalusPage) {
  await salus.open();
  await salus.signIn();
  await salus.checked();
  await salus.applyFix();
}

test('Cancel on a running fix: the rest is recorded cancelled, and what it did can be undone', async ({
  salus,
  stack,
  facts,
  page,
}) => {
  const missing = facts.activeProjects - facts.serviceAccountActiveProjects;
  const { app } = salus;
  await salus.open();
  await salus.signIn();
  await salus.checked();
  // Slow, one write per project: the run is still going when Cancel is pressed.
  await stack.knobs({ latencyMs: 600, betaEndpoints: { bulkAdd: false } });
  await salus.applyFix();
  const running = app.getByRole('region', { name: 'Applying the changes' });
  await expect(running.getByText('Adding the service account to projects…')).toBeVisible({
    timeout: 30_000,
  });
  await expect(running.getByText(new RegExp(`^[1-9]\\d* of ${missing} projects$`))).toBeVisible({
    timeout: 30_000,
  });
  await running.getByRole('button', { name: 'Cancel the fix' }).click();

  const run = app.getByRole('region', { name: 'The fix was cancelled' });
  await expect(run).toBeVisible({ timeout: 30_000 });
  await stack.knobs({ latencyMs: 0 });
  const added = await count(run, 'Added');
  const cancelled = await count(run, 'Cancelled');
  expect(added).toBeGreaterThan(0);
  expect(cancelled).toBeGreaterThan(0);
  expect(added + cancelled).toBe(missing);
  await expect(run).toContainText(
    `Cancelled before the end: ${cancelled} projects were not started, and nothing was changed on them.`,
  );
  // Procore got exactly the writes the ledger records as done: the one in hand finished.
  const adds = (await stack.state()).writeLog.filter((w) => w.kind === 'membership.add');
  expect(adds).toHaveLength(added);

  // The report lists every project, the cancelled ones as such.
  const downloading = page.waitForEvent('download');
  await run.getByRole('button', { name: 'Download report (CSV)' }).click();
  const report = await readFile(await (await downloading).path(), 'utf8');
  expect(report.split(/\r?\n/).filter((line) => /cancel/i.test(line))).toHaveLength(cancelled);

  // A cancelled fix is undone like any other: only what it added is taken back.
  await run.getByRole('button', { name: 'Undo this fix' }).click();
  const undo = app.getByRole('dialog', { name: 'Undo this fix' });
  await expect(undo).toContainText(
    `Remove the SALUS account from ${added} projects this fix added it to.`,
  );
  await undo.getByRole('button', { name: 'Undo changes' }).click();
  await expect(app.getByRole('heading', { name: 'Fix undone' })).toBeVisible({ timeout: 30_000 });
  const removed = (await stack.state()).writeLog.filter((w) => w.kind === 'membership.remove');
  expect(new Set(removed.map((w) => w.projectId))).toEqual(new Set(adds.map((w) => w.projectId)));
});

test('Cancel on a paused fix ends it at once, with nothing more sent', async ({
  salus,
  stack,
  facts,
}) => {
  const missing = facts.activeProjects - facts.serviceAccountActiveProjects;
  await stack.knobs({ betaEndpoints: { bulkAdd: false } });
  // Five projects in a row refused alike: the run pauses rather than fail every project.
  await stack.failNext({
    method: 'POST',
    pathPattern: ADD,
    status: 403,
    body: { errors: 'Project is archived' },
    count: 5,
  });
  await startFix(salus);
  const { app } = salus;
  const paused = app.getByRole('region', { name: 'The fix is paused' });
  await expect(paused).toBeVisible({ timeout: 30_000 });
  await expect(paused.getByText(/^Paused: 5 projects in a row failed/)).toBeVisible();
  // Paused says why and what to do, and nothing that says the fix is still going.
  await expect(paused.getByText(/keeps going|Updating the service account|Adding the/)).toHaveCount(
    0,
  );
  const writes = (await stack.state()).writeLog.length;

  await paused.getByRole('button', { name: 'Cancel the fix' }).click();
  const run = app.getByRole('region', { name: 'The fix was cancelled' });
  await expect(run).toBeVisible();
  const failed = await count(run, 'Failed');
  const cancelled = await count(run, 'Cancelled');
  expect(failed).toBe(5);
  expect(cancelled).toBe(missing - 5 - (await count(run, 'Added')));
  await expect(run.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  expect((await stack.state()).writeLog).toHaveLength(writes);
});
