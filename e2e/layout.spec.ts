import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/**
 * What the admin sees without scrolling, and a page that stays put: layout is measured in real
 * Chromium, since jsdom has none.
 */

const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} has no box`);
  return found;
};

test.describe('a fresh install at 1280 × 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('says above the fold what needs attention, next to Fix permissions', async ({
    salus,
    page,
  }) => {
    await salus.open();
    await salus.signIn();
    await salus.checked();
    const frame = await box(page.locator('iframe[title="SALUS Setup"]'));
    const summary = salus.app.getByText(/^4 of 6 steps need attention: /);
    await expect(summary).toContainText('Company permissions template');
    const fix = salus.button('Fix permissions');
    for (const element of [summary, fix]) {
      const seen = await box(element);
      expect(seen.y).toBeGreaterThanOrEqual(frame.y);
      expect(seen.y + seen.height).toBeLessThanOrEqual(frame.y + frame.height);
    }
  });
});

for (const width of [1280, 800]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test('opening the review does not move the page, and its text starts under the title', async ({
      salus,
    }) => {
      await salus.open();
      await salus.signIn();
      await salus.checked();
      const { app } = salus;
      const watched = [
        app.getByRole('heading', { level: 1 }),
        salus.button('Fix permissions'),
        app.getByRole('heading', { name: 'Checklist' }),
        app.getByRole('article', { name: 'Company permissions template' }),
      ];
      const before = await Promise.all(watched.map(box));

      await salus.button('Fix permissions').click();
      const review = app.getByRole('dialog', { name: 'Review the changes' });
      const intro = review.getByText(/^Nothing has changed yet\./);
      await expect(intro).toBeVisible();
      await expect(review.getByRole('button', { name: 'Apply changes' })).toBeVisible();
      expect(await Promise.all(watched.map(box))).toEqual(before);

      // No empty band between the title and the first line of the review.
      const title = await box(review.getByRole('heading', { name: 'Review the changes' }));
      const first = await box(intro);
      expect(first.y - (title.y + title.height)).toBeLessThanOrEqual(32);

      await review.getByRole('button', { name: 'Cancel' }).click();
      await expect(review).toBeHidden();
      expect(await Promise.all(watched.map(box))).toEqual(before);
    });
  });
}

test.describe('at 800 px nothing is wider than the page', () => {
  test.use({ viewport: { width: 800, height: 800 } });
  for (const scenario of [
    'several-candidates',
    'non-admin',
    'missing-templates',
    'no-service-account',
    'wrong-templates',
  ] as const) {
    test.describe(scenario, () => {
      test.use({ scenario });
      test(`${scenario}: no sideways scrolling`, async ({ salus, facts }) => {
        await salus.open();
        await salus.signIn(scenario === 'non-admin' ? { as: facts.nonAdminLogin } : {});
        await salus.checked();
        const overflow = await salus
          .frame()
          .evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
        expect(overflow).toBeLessThanOrEqual(0);
      });
    });
  }
});
