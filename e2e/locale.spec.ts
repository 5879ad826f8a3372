import { es } from '../src/ui/i18n/es.ts';
import { fr } from '../src/ui/i18n/fr.ts';
import { expect, test } from './fixtures.ts';

test.describe('a browser in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('gets the whole fix in Spanish, down to Configuración completa', async ({
    salus,
    facts,
  }) => {
    const { app } = salus;
    await salus.open();
    const popupOpened = salus.page.waitForEvent('popup');
    await salus.button(es.signIn.button).click();
    const popup = await popupOpened;
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await closed;
    await expect(app.getByRole('heading', { level: 1 })).toHaveText(
      `Configuración de SALUS para ${facts.companyName}`,
    );
    await expect(app.locator('html')).toHaveAttribute('lang', 'es');

    await salus.button(es.fix.button).click();
    const review = app.getByRole('dialog', { name: es.fix.dialogTitle });
    await expect(review).toContainText(es.fix.intro);
    await review.getByRole('button', { name: es.fix.apply }).click();

    const badge = app.getByRole('region', { name: new RegExp(es.badge.title) });
    await expect(badge).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText(/Setup complete/)).toHaveCount(0);
    await expect(app.getByText(/Needs attention|Check again/)).toHaveCount(0);
  });
});

test.describe('?locale= on the app URL', () => {
  test.use({ locale: 'en-US' });

  test('wins over the browser', async ({ stack, facts, page }) => {
    await page.goto(`${stack.appUrl}/?company_id=${facts.companyId}&locale=fr`);
    await expect(page.getByRole('button', { name: fr.signIn.button })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});
