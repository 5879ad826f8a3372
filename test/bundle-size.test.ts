import { FIRST_SCREEN_BUDGET_KB, measureBundle } from '../bench/bundle-size.ts';

test('the first screen loads at most 200 kB of JavaScript (gzip); the rest comes when needed', async () => {
  const { firstScreen, later } = await measureBundle();
  expect(firstScreen.gzipBytes).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_KB * 1000);
  // The support view, the dialogs and the other languages are chunks of their own.
  const lazy = later.map((chunk) => chunk.file).join(' ');
  for (const name of ['support-screen', 'review-dialog', 'undo-dialog', 'es-', 'fr-'])
    expect(lazy).toContain(name);
  // core-react's strings in other languages than ours are not shipped at all.
  const all = [...firstScreen.chunks, ...later].map((chunk) => chunk.file).join(' ');
  expect(all).not.toMatch(/ja-JP|de-DE|th-TH/);
}, 120_000);
