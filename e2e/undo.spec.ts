import { expect, test } from './fixtures.ts';

// The fix and its undo change the company: a stack of its own, so no other test sees it.
test.use({ ownStack: true });

test('a finished fix can be undone: the review, then only the memberships it added are removed', async ({
  salus,
  stack,
  facts,
}) => {
  const { app } = salus;
  await salus.open();
  await salus.signIn();
  await salus.checked();

  await salus.button('Fix permissions').click();
  const review = app.getByRole('dialog', { name: 'Review the changes' });
  await review.getByRole('button', { name: 'Apply changes' }).click();
  await expect(salus.badge()).toBeVisible({ timeout: 30_000 });

  await salus.button('Undo this fix').click();
  const undo = app.getByRole('dialog', { name: 'Undo this fix' });
  await expect(undo).toContainText(
    `Remove the SALUS account from ${facts.activeProjects} projects this fix added it to.`,
  );
  await expect(undo.getByRole('button', { name: /Fix permissions|Apply changes/ })).toHaveCount(0);
  await undo.getByRole('button', { name: 'Undo changes' }).click();

  await expect(app.getByRole('heading', { name: 'Fix undone' })).toBeVisible({ timeout: 30_000 });
  await expect(salus.button('Fix permissions')).toBeVisible();
  const { writeLog } = await stack.state();
  const removed = writeLog.filter((w) => w.kind === 'membership.remove');
  const added = writeLog.filter((w) => w.kind === 'membership.add');
  expect(removed).toHaveLength(facts.activeProjects);
  expect(new Set(removed.map((w) => w.projectId))).toEqual(new Set(added.map((w) => w.projectId)));
  expect(writeLog.filter((w) => w.kind === 'user.patch')).toHaveLength(2);
});
