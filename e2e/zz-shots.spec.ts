import type { Locator, Page } from '@playwright/test';
import { en } from '../src/ui/i18n/en.ts';
import { es } from '../src/ui/i18n/es.ts';
import { fr } from '../src/ui/i18n/fr.ts';
import { supportEn } from '../src/ui/support/i18n/en.ts';
import { supportEs } from '../src/ui/support/i18n/es.ts';
import { supportFr } from '../src/ui/support/i18n/fr.ts';
import { expect, test } from './fixtures.ts';

const OUT = '/tmp/shots2';
const LONG = 60_000;
const CATALOGS = { en, es, fr } as const;
const SUPPORT = { en: supportEn, es: supportEs, fr: supportFr } as const;
const prefix = (s: string) => new RegExp('^' + s.split('{')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

const only = process.env.SHOT_LANGS?.split(',') ?? ['en', 'es', 'fr'];
for (const lang of (['en', 'es', 'fr'] as const).filter((l) => only.includes(l))) {
  test.describe(lang, () => {
    test.use({ scenario: 'fresh-install', ownStack: true, locale: lang === 'en' ? 'en-US' : lang === 'es' ? 'es-ES' : 'fr-FR' });
    test.setTimeout(400_000);
    test(`shots ${lang}`, async ({ salus, page, stack, facts }) => {
      const c = CATALOGS[lang];
      const s = SUPPORT[lang];
      const { app } = salus;
      const log = (m: string) => console.log(`[${lang}] ${m}`);
      const both = async (name: string, el?: Locator, pg: Page = page) => {
        for (const width of [1280, 800]) {
          await pg.setViewportSize({ width, height: 900 });
          await pg.waitForTimeout(400);
          await pg.screenshot({ path: `${OUT}/${lang}-${name}-${width}-page.png`, fullPage: true });
          if (el && (await el.count())) await el.first().screenshot({ path: `${OUT}/${lang}-${name}-${width}-el.png` }).catch((e) => log('el shot failed ' + e));
        }
        await pg.setViewportSize({ width: 1280, height: 900 });
      };
      await salus.open();
      const p1 = page.waitForEvent('popup');
      await salus.button(c.signIn.button).click();
      const pop = await p1;
      const closed = pop.waitForEvent('close');
      await pop.getByRole('button', { name: 'Allow' }).click();
      await closed;
      await expect(app.getByText(prefix(c.status.checkedAt))).toBeVisible({ timeout: LONG });
      await salus.button(c.fix.button).click();
      const review = app.getByRole('dialog', { name: c.fix.dialogTitle });
      await review.getByRole('button', { name: c.fix.apply }).click();
      const badge = app.getByRole('region', { name: new RegExp(c.badge.title) });
      await expect(badge).toBeVisible({ timeout: LONG });
      const toggle = badge.getByRole('checkbox', { name: c.autoRepair.label });
      await expect(toggle).toBeVisible({ timeout: LONG });

      // 4. popup after Allow
      await badge.getByText(c.autoRepair.label, { exact: true }).click();
      const p2 = page.waitForEvent('popup');
      await badge.getByRole('button', { name: c.autoRepair.allow }).click();
      const pop2 = await p2;
      await pop2.getByRole('button', { name: 'Allow' }).click();
      await expect(pop2.locator('h1')).toBeVisible();
      for (const width of [1280, 800]) {
        await pop2.setViewportSize({ width, height: 700 });
        await pop2.waitForTimeout(300);
        await pop2.screenshot({ path: `${OUT}/${lang}-4-popup-allowed-${width}.png`, fullPage: true });
      }
      log('popup h1: ' + (await pop2.locator('h1').textContent()));
      await pop2.close();
      await expect(badge.getByText(prefix(c.autoRepair.on))).toBeVisible({ timeout: LONG });
      await both('0-badge-on', badge);

      // 1. undo dialog with auto repair on
      await salus.button(c.undo.button ?? 'Undo this fix').click();
      const undo = app.getByRole('dialog');
      await expect(undo).toBeVisible({ timeout: LONG });
      await expect(undo).toContainText(c.undo.autoRepairOff.slice(0, 20), { timeout: LONG }).catch(() => log('UNDO: autoRepairOff sentence not found'));
      await both('1-undo-dialog', undo);
      log('undo text: ' + (await undo.innerText()));
      await page.keyboard.press('Escape');
      await expect(undo).toBeHidden();

      // 2a. drifted while on: change template
      const procore = page.getByRole('region', { name: 'Make a change in Procore' });
      await procore.getByRole('button', { name: 'Change the SALUS account’s template' }).click();
      const watch = app.getByRole('region', { name: c.watch.title });
      const driftTitle = app.getByText(c.watch.driftTitle);
      const gotDrift = await driftTitle.waitFor({ timeout: 20_000 }).then(() => true, () => false);
      log('drift seen while on: ' + gotDrift);
      if (gotDrift) await both('2-drifted-on', watch);

      // 3. badge after automatic repair completed setup
      const byRepair = badge.getByText(prefix(c.badge.completedByRepair));
      const gotByRepair = await byRepair.waitFor({ timeout: LONG }).then(() => true, () => false);
      log('completedByRepair seen: ' + gotByRepair);
      await expect(badge).toBeVisible({ timeout: LONG });
      await both('3-badge-after-repair', badge);
      log('badge text: ' + (await badge.innerText()));

      const run = app.getByRole('region').filter({ has: app.getByText(prefix(c.progress.startedByRule)) });
      if (await run.count()) { await both('3b-repair-run-panel', run); log('run panel: ' + (await run.first().innerText())); }

      // 5. support view
      const sp = await page.context().newPage();
      await sp.goto(`${stack.appUrl}/support`);
      await sp.getByRole('link', { name: s.signIn.button }).click();
      await sp.getByRole('button', { name: 'Sign in as support@salus.example' }).click();
      await expect(sp.getByText(prefix(s.signedInAs))).toBeVisible();
      await sp.getByRole('table').first().getByRole('button', { name: new RegExp(facts.companyName) }).click();
      await expect(sp.getByText(prefix(s.watch.autoRepair.on))).toBeVisible({ timeout: LONG }).catch(() => log('SUPPORT: on line not found'));
      const keep = sp.getByRole('region', { name: s.watch.title });
      await both('5-support-detail', keep, sp);
      log('support keep text: ' + (await keep.innerText().catch(() => 'n/a')));
      await sp.close();

      // 2a'. drifted while on, repair held back by failing PATCHes on the account
      await stack.failNext({ method: 'PATCH', pathPattern: '/rest/*/companies/:c/users/:id', status: 500, count: 60 });
      await procore.getByRole('button', { name: 'Change the SALUS account’s template' }).click();
      const gotDrift2 = await driftTitle.waitFor({ timeout: 60_000 }).then(() => true, () => false);
      log('drift seen while on (PATCH failing): ' + gotDrift2);
      await page.waitForTimeout(2000);
      await both(gotDrift2 ? '2-drifted-on' : '2-drifted-on-NOT-REACHED', app.getByRole('region', { name: c.watch.title }));
      log('toggle count on page (drift on): ' + (await app.getByRole('checkbox', { name: c.autoRepair.label }).count()));
      log('drift-on watch text: ' + (await app.getByRole('region', { name: c.watch.title }).innerText().catch(() => 'n/a')));
      log('drift-on body: ' + (await app.locator('main').innerText().catch(() => 'n/a')).slice(0, 3000));

      // 2b. paused
      await stack.failNext({ pathPattern: '/rest/v1.0/settings/permissions', status: 403, count: 20 });
      await procore.getByLabel('Project name').fill('Dock Street');
      await procore.getByRole('checkbox', { name: /^Without the SALUS account/ }).check();
      await procore.getByRole('button', { name: 'Create project' }).click();
      const pausedText = app.getByText(prefix(c.autoRepair.paused['not-admin'].split(':')[0]!));
      const gotPaused = await pausedText.first().waitFor({ timeout: 90_000 }).then(() => true, () => false);
      log('paused seen: ' + gotPaused);
      await page.waitForTimeout(3000);
      await both(gotPaused ? '2-paused' : '2-after-dock-street-not-paused', app.getByRole('region', { name: c.watch.title }));
      log('toggle count on page: ' + (await app.getByRole('checkbox', { name: c.autoRepair.label }).count()));
      log('watch text: ' + (await app.getByRole('region', { name: c.watch.title }).innerText().catch(() => 'n/a')));
    });
  });
}
