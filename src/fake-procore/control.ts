/**
 * Fake-only control routes for tests and demos, under `/__fake/` (never part of Procore), plus
 * the `GET /` index page. Bodies are plain JSON (IDs as strings).
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { FakeProcore } from './fake.ts';
import { escapeHtml as e } from './http-kit.ts';
import type { KnobsPatch } from './knobs.ts';
import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from './scenario-kit.ts';
import { SCENARIO_DESCRIPTIONS, SCENARIO_NAMES, isScenarioName } from './scenarios.ts';
import { changeSalusTemplate, updateSalusApp, type UiActionResult } from './ui-actions.ts';

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await request.json();
    return body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const bad = (message: string) => HttpResponse.json({ error: message }, { status: 400 });

/** A company named in a control body, else the scenario's own. */
function targetCompany(fake: FakeProcore, companyId: unknown): string | null {
  const target = typeof companyId === 'string' ? companyId : fake.facts.companyId;
  return fake.state.companies.has(target) ? target : null;
}

function actionResponse(result: UiActionResult<object>) {
  return result.ok
    ? HttpResponse.json({ ...result.value })
    : HttpResponse.json({ error: result.problem }, { status: 409 });
}

function renderIndex(fake: FakeProcore, baseUrl: string): string {
  const rows = SCENARIO_NAMES.map(
    (name) =>
      `<tr><td><code>${e(name)}</code>${name === fake.scenario.name ? ' (current)' : ''}</td><td>${e(SCENARIO_DESCRIPTIONS[name])}</td></tr>`,
  ).join('\n');
  const authorize = `${baseUrl}/oauth/authorize?response_type=code&client_id=${SALUS_CLIENT_ID}&redirect_uri=${encodeURIComponent('http://localhost')}&state=demo`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Fake Procore</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
td{padding:.3rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}</style></head>
<body>
  <h1>Fake Procore (simulated, for tests and demos)</h1>
  <p>API and login host: <code>${e(baseUrl)}</code>. SALUS client id <code>${e(SALUS_CLIENT_ID)}</code>.</p>
  <!-- The simulated Procore "Company Tools" page that frames the SALUS app (a later issue) goes here. -->
  <section id="company-tools" hidden></section>
  <h2>Scenarios</h2>
  <table>${rows}</table>
  <h2>Control</h2>
  <ul>
    <li><code>GET /__fake/state</code>: scenario, facts, knobs, request and write logs</li>
    <li><code>POST /__fake/reset {"scenario": "…"}</code></li>
    <li><code>POST /__fake/knobs {…}</code>, <code>POST /__fake/fail-next {…}</code>,
        <code>POST /__fake/projects {"name": "…"}</code></li>
    <li><code>GET /__fake/webhooks</code>: hooks, triggers and the webhook delivery log</li>
    <li>Changes made in Procore's UI: <code>POST /__fake/actions/change-salus-template</code>,
        <code>POST /__fake/actions/update-salus-app</code> (<code>{"companyId": "…"}</code> optional)</li>
  </ul>
  <p><a href="${e(authorize)}">Try the consent page</a></p>
</body>
</html>`;
}

export function createControlHandlers(fake: FakeProcore, baseUrl: string): RequestHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  return [
    http.get(
      `${base}/`,
      () =>
        new HttpResponse(renderIndex(fake, base), {
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        }),
    ),
    http.get(`${base}/__fake/state`, () => HttpResponse.json(fake.summary())),
    http.get(`${base}/__fake/scenarios`, () =>
      HttpResponse.json({
        current: fake.scenario.name,
        scenarios: SCENARIO_NAMES.map((name) => ({
          name,
          description: SCENARIO_DESCRIPTIONS[name],
        })),
        client: { client_id: SALUS_CLIENT_ID, client_secret: SALUS_CLIENT_SECRET },
      }),
    ),
    http.post(`${base}/__fake/reset`, async ({ request }) => {
      const { scenario } = await jsonBody(request);
      if (scenario !== undefined && !isScenarioName(scenario))
        return bad(`unknown scenario ${String(scenario)}`);
      fake.reset(isScenarioName(scenario) ? scenario : undefined);
      return HttpResponse.json({ scenario: fake.scenario.name, facts: fake.facts });
    }),
    http.post(`${base}/__fake/knobs`, async ({ request }) => {
      fake.setKnobs((await jsonBody(request)) as KnobsPatch);
      return HttpResponse.json(fake.knobs);
    }),
    http.post(`${base}/__fake/fail-next`, async ({ request }) => {
      const rule = await jsonBody(request);
      if (typeof rule.pathPattern !== 'string') return bad('pathPattern (string) is required');
      const status = rule.status === 'network-error' ? 'network-error' : Number(rule.status);
      if (status !== 'network-error' && !(status >= 100 && status <= 599)) return bad('bad status');
      fake.failNext({
        pathPattern: rule.pathPattern,
        status,
        ...(typeof rule.method === 'string' ? { method: rule.method } : {}),
        ...(rule.body !== undefined ? { body: rule.body } : {}),
        ...(typeof rule.count === 'number' ? { count: rule.count } : {}),
        ...(rule.afterApply === true ? { afterApply: true } : {}),
      });
      return HttpResponse.json({ ok: true });
    }),
    http.get(`${base}/__fake/webhooks`, () =>
      HttpResponse.json({
        hooks: fake.webhookHooks(),
        deliveries: fake.webhookDeliveries,
      }),
    ),
    http.post(`${base}/__fake/actions/change-salus-template`, async ({ request }) => {
      const target = targetCompany(fake, (await jsonBody(request)).companyId);
      if (!target) return bad('unknown company');
      return actionResponse(changeSalusTemplate(fake, target));
    }),
    http.post(`${base}/__fake/actions/update-salus-app`, async ({ request }) => {
      const target = targetCompany(fake, (await jsonBody(request)).companyId);
      if (!target) return bad('unknown company');
      return actionResponse(updateSalusApp(fake, target));
    }),
    http.post(`${base}/__fake/projects`, async ({ request }) => {
      const { name, companyId, active } = await jsonBody(request);
      if (typeof name !== 'string' || !name) return bad('name is required');
      const target = targetCompany(fake, companyId);
      if (!target) return bad('unknown company');
      const project = fake.createProject(target, name, active !== false);
      return HttpResponse.json(
        { id: project.id, name: project.name, active: project.active },
        { status: 201 },
      );
    }),
  ];
}
