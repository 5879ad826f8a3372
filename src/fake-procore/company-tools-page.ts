/**
 * The simulated Procore "Company Tools → Apps" page for demo mode and e2e: Procore's chrome
 * around a full-screen iframe of the SALUS app, served on the fake's own origin (`localhost`)
 * while the app is on `127.0.0.1`, so the iframe is cross-site as in production. A scenario picker
 * switches the simulated company; three buttons make the changes an admin makes in Procore that
 * SALUS Setup must notice (create a project, change the SALUS account's template, update the
 * SALUS app). Each posts back here and the page says what happened, without reloading the framed
 * app. Fake-only: Procore itself
 * is never served from here.
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { FakeProcore } from './fake.ts';
import { escapeHtml as e } from './http-kit.ts';
import { SALUS_CLIENT_ID } from './scenario-kit.ts';
import { SCENARIO_DESCRIPTIONS, SCENARIO_NAMES, isScenarioName } from './scenarios.ts';
import {
  changeSalusTemplate,
  createProjectInUi,
  updateSalusApp,
  type UiActionProblem,
} from './ui-actions.ts';

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

const PROBLEM_TEXT: Record<UiActionProblem, string> = {
  'not-installed': 'The SALUS app is not installed in this company, so nothing was changed.',
  'no-other-template':
    'There is no other template to give the SALUS account, so nothing was changed.',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function createProject(fake: FakeProcore, name: string, withoutSalusAccount: boolean): string {
  const project = createProjectInUi(fake, name, { withoutSalusAccount });
  const account = fake.state.activeInstallation(
    project.companyId,
    SALUS_CLIENT_ID,
  )?.serviceAccountUserId;
  const joined = account && fake.state.membership(project.id, account) !== undefined;
  return (
    `Project “${project.name}” created. ` +
    (joined
      ? 'Procore added the SALUS account to it, because the account is set to join all new projects.'
      : withoutSalusAccount && account
        ? 'Procore did not add the SALUS account to it, as if its “Add to all new projects” had been off.'
        : 'Procore did not add the SALUS account to it.')
  );
}

function changeTemplate(fake: FakeProcore): string {
  const result = changeSalusTemplate(fake);
  if (!result.ok) return PROBLEM_TEXT[result.problem];
  const { field, from, to } = result.value;
  const which =
    field === 'default_permission_template_id'
      ? 'default project template'
      : 'company permission template';
  return `The SALUS account’s ${which} is now “${to.name}”${from ? ` (it was “${from.name}”)` : ''}.`;
}

function updateApp(fake: FakeProcore): string {
  const result = updateSalusApp(fake);
  if (!result.ok) return PROBLEM_TEXT[result.problem];
  const { semanticVersion, removedFromProjects } = result.value;
  return (
    `The SALUS app was updated to version ${semanticVersion}. Procore is applying its ` +
    `permissions again and removed the SALUS account from ` +
    `${plural(removedFromProjects, 'project', 'projects')}.`
  );
}

/**
 * The changes are posted without reloading the page, so the framed app stays open and signed in
 * (its session is in memory only) while it notices them, as it would in another Procore tab. The
 * forms work without it too (a 303 back to the page).
 */
const KEEP_THE_APP_OPEN = `
for (const form of document.querySelectorAll('form.change')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const notice = document.getElementById('change-notice');
    const buttons = form.querySelectorAll('button');
    for (const b of buttons) b.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
      });
      notice.textContent = (await response.json()).notice;
      if (response.ok) form.reset();
    } catch {
      notice.textContent = 'The simulated Procore did not answer. Try again.';
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  });
}`;

function render(fake: FakeProcore, app: AppLocation, notice: string | null): string {
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
  .changes{font-size:.9rem;padding:.5rem 1rem;background:#fff;border-bottom:1px solid #d6dadc;display:flex;align-items:center;gap:1rem;flex-wrap:wrap}
  .changes h2{font-size:.9rem;margin:0}
  .changes p{margin:0;color:#0a6b3d}
  .changes p:empty{display:none}
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
  <section class="changes" aria-labelledby="changes-heading">
    <h2 id="changes-heading">Make a change in Procore</h2>
    <form class="change" method="post" action="${DEMO_PAGE_PATH}/create-project">
      <label for="project-name">Project name</label>
      <input id="project-name" name="name" required maxlength="200">
      <label><input type="checkbox" name="without-salus-account" value="on">
        Without the SALUS account (as if its “Add to all new projects” had been off)</label>
      <button type="submit">Create project</button>
    </form>
    <form class="change" method="post" action="${DEMO_PAGE_PATH}/change-template">
      <button type="submit">Change the SALUS account’s template</button>
    </form>
    <form class="change" method="post" action="${DEMO_PAGE_PATH}/update-app">
      <button type="submit">Update the SALUS app</button>
    </form>
    <p role="status" id="change-notice">${notice ? e(notice) : ''}</p>
  </section>
  <main>${frame}</main>
  <script>${KEEP_THE_APP_OPEN}</script>
</body>
</html>`;
}

export function createCompanyToolsHandlers(
  fake: FakeProcore,
  baseUrl: string,
  app: AppLocation,
): RequestHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  // What the last change did, shown once on the page it redirects to (one demo, one viewer).
  let notice: string | null = null;
  // Relative, so the browser stays on the host it used (localhost).
  const backToPage = () =>
    new HttpResponse(null, { status: 303, headers: { Location: DEMO_PAGE_PATH } });
  // The page's script asks for JSON (the app stays open); a plain form post goes back to the page.
  const change = (path: string, act: (form: URLSearchParams) => string) =>
    http.post(`${base}${DEMO_PAGE_PATH}/${path}`, async ({ request }) => {
      const said = act(new URLSearchParams(await request.text()));
      if (request.headers.get('Accept')?.includes('application/json'))
        return HttpResponse.json({ notice: said });
      notice = said;
      return backToPage();
    });
  return [
    // Browsers ask for it on every page of the fake's origin; Procore's API would answer 401.
    http.get(`${base}/favicon.ico`, () => new HttpResponse(null, { status: 204 })),
    http.get(`${base}${DEMO_PAGE_PATH}`, () => {
      const html = render(fake, app, notice);
      notice = null;
      return new HttpResponse(html, {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }),
    http.post(`${base}${DEMO_PAGE_PATH}/scenario`, async ({ request }) => {
      const scenario = new URLSearchParams(await request.text()).get('scenario');
      if (!isScenarioName(scenario)) return HttpResponse.text('Unknown scenario', { status: 400 });
      fake.reset(scenario);
      notice = null;
      await app.onSwitch?.();
      return backToPage();
    }),
    change('create-project', (form) => {
      const name = form.get('name')?.trim() ?? '';
      return name
        ? createProject(fake, name, form.get('without-salus-account') === 'on')
        : 'Type a project name first.';
    }),
    change('change-template', () => changeTemplate(fake)),
    change('update-app', () => updateApp(fake)),
  ];
}
