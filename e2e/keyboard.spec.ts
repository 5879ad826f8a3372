import { expect, test } from './fixtures.ts';

// The default path is fresh-install's, which fresh-install.spec.ts fixes on the shared stack.
test.use({ ownStack: true });

test('the default path to Setup complete works with the keyboard alone', async ({
  salus,
  page,
}) => {
  const { app } = salus;
  await salus.open();

  const signIn = salus.button('Sign in with Procore');
  await expect(signIn).toBeEnabled();
  await salus.tabTo(signIn);
  const popupOpened = page.waitForEvent('popup');
  await page.keyboard.press('Enter');
  // Procore's own consent page is not ours to test; its Allow is clicked.
  await salus.allowInPopup(await popupOpened);
  await salus.checked();

  await salus.tabTo(salus.button('Fix permissions'));
  await page.keyboard.press('Enter');
  const review = app.getByRole('dialog', { name: 'Review the changes' });
  const apply = review.getByRole('button', { name: 'Apply changes' });
  await expect(apply).toBeVisible();
  // Focus moves into the review, and Tab stays there.
  const focusInReview = () => review.evaluate((dialog) => dialog.contains(document.activeElement));
  await expect.poll(focusInReview).toBe(true);
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInReview()).toBe(true);
  }
  await salus.tabTo(apply, { max: 5 });
  await page.keyboard.press('Space');

  // The review is gone: focus goes to the run's progress, not back to the top of the page.
  await expect(
    app.getByRole('heading', { name: /^(Applying the changes|Changes applied)$/ }),
  ).toBeFocused();
  await expect(salus.badge()).toBeVisible({ timeout: 30_000 });
});
