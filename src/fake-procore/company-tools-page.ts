/**
 * The simulated Procore "Company Tools → Apps" page for demo mode and e2e: Procore's chrome
 * around a full-screen iframe of the SALUS app, served on the fake's own origin (`localhost`)
 * while the app is on `127.0.0.1`, so the iframe is cross-site as in production. A scenario picker
 * switches the simulated company. Fake-only: Procore itself is never served from here.
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { FakeProcore } from './fake.ts';
import { escapeHtml as e } from './http-kit.ts';
import { SCENARIO_DESCRIPTIONS, SCENARIO_NAMES, isScenarioName } from './scenarios.ts';

export const DEMO_PAGE_PATH = '/demo';

/** Where the SALUS app listens; set by the demo launcher once it knows. */
export interface AppLocation {
  appUrl: string | null;
  /**
   * Called when the picker switches the scenario, before the page reloads: the demo app starts
   * afresh too, so the new company never shows an old run or completion.
   */
  onSwitch: (() => Promise<void>) | null;
}

function render(fake: FakeProcore, app: AppLocation): string {
  const company = fake.state.companies.get(fake.facts.companyId);
  const companyName = company?.name ?? fake.facts.companyName;
  const options = SCENARIO_NAMES.map(
    (name) =>
      `<option value="${e(name)}"${name === fake.scenario.name ? ' selected' : ''}>${e(name)} — ${e(SCENARIO_DESCRIPTIONS[name])}</option>`,
  ).join('');
  const frame = app.appUrl
    ? `<iframe title="SALUS Setup" src="${e(`${app.appUrl}/?company_id=${encodeURIComponent(fake.facts.companyId)}`)}"></iframe>`
    : '<p>The SALUS app is not running.</p>';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Apps · ${e(companyName)} · Procore (simulated)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body{margin:0;font-family:system-ui,sans-serif;background:#f4f5f6;color:#232729;display:flex;flex-direction:column;height:100vh}
  header{background:#232729;color:#fff;display:flex;align-items:center;gap:1.5rem;padding:.5rem 1rem}
  header strong{color:#ff7b47}
  nav{font-size:.9rem;padding:.5rem 1rem;background:#fff;border-bottom:1px solid #d6dadc;display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap}
  form{display:flex;gap:.5rem;align-items:center}
  select{max-width:34rem}
  main{flex:1;display:flex}
  iframe{flex:1;border:0;background:#fff}
</style></head>
<body>
  <header><strong>Procore</strong><span>${e(companyName)}</span><span>Company Tools ▾</span>
    <span role="note">Simulated Procore for the SALUS Setup demo</span></header>
  <nav aria-label="Breadcrumb"><span>Company Tools → Apps → <b>SALUS Setup</b></span>
    <form method="post" action="${DEMO_PAGE_PATH}/scenario">
      <label for="scenario">Demo scenario</label>
      <select id="scenario" name="scenario">${options}</select>
      <button type="submit">Switch scenario</button>
    </form></nav>
  <main>${frame}</main>
</body>
</html>`;
}

export function createCompanyToolsHandlers(
  fake: FakeProcore,
  baseUrl: string,
  app: AppLocation,
): RequestHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  return [
    // Browsers ask for it on every page of the fake's origin; Procore's API would answer 401.
    http.get(`${base}/favicon.ico`, () => new HttpResponse(null, { status: 204 })),
    http.get(
      `${base}${DEMO_PAGE_PATH}`,
      () =>
        new HttpResponse(render(fake, app), {
          headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
        }),
    ),
    http.post(`${base}${DEMO_PAGE_PATH}/scenario`, async ({ request }) => {
      const scenario = new URLSearchParams(await request.text()).get('scenario');
      if (!isScenarioName(scenario)) return HttpResponse.text('Unknown scenario', { status: 400 });
      fake.reset(scenario);
      await app.onSwitch?.();
      // Relative, so the browser stays on the host it used (localhost).
      return new HttpResponse(null, { status: 303, headers: { Location: DEMO_PAGE_PATH } });
    }),
  ];
}
