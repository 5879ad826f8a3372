import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  buildAutoRepair,
  buildCompleteStatus,
  buildRun,
  buildSession,
  buildStatus,
  buildStep,
  buildWatch,
  COMPANY_ID,
} from './test/builders.ts';
import { renderApp } from './test/render.tsx';
import type { ApiError as ApiErrorBody } from '../api/contract.ts';
import { apiError, recordRequests, server } from './test/server.ts';

test('a valid cookie session skips sign-in and shows the checklist', async () => {
  renderApp();
  expect(
    await screen.findByRole('heading', { level: 1, name: 'SALUS setup for Acme Builders' }),
  ).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Sign in with Procore' })).not.toBeInTheDocument();
  const card = screen.getByRole('article', { name: 'Company permissions template' });
  expect(within(card).getByText('Needs attention')).toBeInTheDocument();
  expect(screen.getAllByRole('button', { name: 'Fix permissions' })).toHaveLength(1);
});

test('the top of the page says in one line what needs attention, next to Fix permissions', async () => {
  renderApp();
  const summary = await screen.findByText(
    '3 of 6 steps need attention: Company permissions template, Added to new projects, and Access to every active project.',
  );
  const fix = screen.getByRole('button', { name: 'Fix permissions' });
  // Side by side, and before everything else on the page (the checklist included).
  expect(summary.parentElement).toBe(fix.parentElement);
  const checklist = screen.getByRole('heading', { name: 'Checklist' });
  expect(
    summary.compareDocumentPosition(checklist) & Node.DOCUMENT_POSITION_FOLLOWING,
  ).toBeTruthy();
  expect(screen.getByRole('heading', { level: 1 }).nextElementSibling).toContainElement(summary);
});

test('steps that could not be checked are said apart from the ones that need attention', async () => {
  const status = buildStatus();
  status.steps[6] = buildStep('connection-test', {
    state: 'cannot-check',
    reason: { code: 'could-not-check' },
    details: null,
  });
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
  renderApp();
  expect(
    await screen.findByText(
      /^3 of 6 steps need attention: .*\. Could not be checked: Connection test\.$/,
    ),
  ).toBeVisible();
});

test('steps waiting for an earlier one are not listed as problems of their own', async () => {
  const status = buildStatus();
  status.steps[1] = buildStep('app-installed', {
    state: 'needs-attention',
    reason: { code: 'not-installed' },
    details: { installed: false, installationId: null, version: null },
  });
  for (const index of [2, 3, 4, 5, 6])
    status.steps[index] = buildStep(status.steps[index]!.id, {
      state: 'cannot-check',
      reason: { code: 'waiting', step: 'app-installed' },
      details: null,
    });
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
  renderApp();
  expect(
    await screen.findByText('1 of 6 steps needs attention: SALUS app installed.'),
  ).toBeVisible();
});

test('Sign out ends the session on the server and goes back to sign-in', async () => {
  const { user } = renderApp();
  await screen.findByRole('heading', { level: 1, name: 'SALUS setup for Acme Builders' });
  expect(screen.getByText('Signed in as Ada Admin')).toBeVisible();
  server.use(http.post('/auth/logout', () => new HttpResponse(null, { status: 204 })));
  const requests = recordRequests();
  await user.click(screen.getByRole('button', { name: 'Sign out' }));

  expect(await screen.findByRole('button', { name: 'Sign in with Procore' })).toBeVisible();
  expect(requests).toContain('POST /auth/logout');
  expect(screen.queryByText(/Signed in as/)).not.toBeInTheDocument();
  // Signed out, not "expired": nothing says the session ran out.
  expect(screen.queryByText(/session expired/)).not.toBeInTheDocument();
  expect(screen.queryByRole('heading', { name: /SALUS setup for/ })).not.toBeInTheDocument();
});

test('without a company id the user picks one of their companies', async () => {
  server.use(
    http.get('/api/session', () =>
      HttpResponse.json(
        buildSession({
          companies: [
            { id: '4207', name: 'Acme Builders' },
            { id: '5150', name: 'Beacon Construction' },
          ],
        }),
      ),
    ),
  );
  const { user } = renderApp('/');
  await user.click(await screen.findByRole('button', { name: 'Set up Acme Builders' }));
  expect(
    await screen.findByRole('heading', { level: 1, name: 'SALUS setup for Acme Builders' }),
  ).toBeVisible();
  expect(new URLSearchParams(window.location.search).get('company_id')).toBe('4207');
});

test('demo mode says so on every screen', async () => {
  server.use(
    http.get('/api/session', () => HttpResponse.json(buildSession({ user: null, demo: true }))),
  );
  renderApp();
  expect(await screen.findByText('Demo — simulated Procore')).toBeVisible();
  expect(screen.getByRole('button', { name: 'Sign in with Procore' })).toBeInTheDocument();
});

test('missing SALUS templates are named, and a Directory admin is offered to create them', async () => {
  const status = buildStatus();
  status.steps[3] = buildStep('company-template', {
    state: 'needs-attention',
    details: { current: null, required: null },
  });
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
  renderApp();
  const title = await screen.findByRole('heading', {
    name: 'A SALUS permissions template is missing',
  });
  const panel = title.closest('section')!;
  expect(within(panel).getByText('Company template “SALUS Integration Account”')).toBeVisible();
  expect(within(panel).getByText(/Fix permissions can create them for you/)).toBeVisible();
  expect(screen.getByRole('button', { name: 'Fix permissions' })).toBeVisible();
});

test('with several candidate service accounts the admin picks one', async () => {
  const candidates = [
    {
      id: '71',
      name: 'salus-integration-aaaa1111',
      email: 'a@x.example',
      createdAt: '2025-06-01T12:00:00Z',
    },
    {
      id: '72',
      name: 'salus-integration-bbbb2222',
      email: 'b@x.example',
      createdAt: '2026-02-01T12:00:00Z',
    },
  ];
  let chosen: unknown = null;
  const status = buildStatus();
  status.steps[2] = buildStep('service-account', {
    state: 'needs-attention',
    details: { account: null, candidates, method: 'directory-search' },
  });
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () =>
      HttpResponse.json(chosen ? buildStatus() : status),
    ),
    http.post(`/api/companies/${COMPANY_ID}/service-account`, async ({ request }) => {
      chosen = await request.json();
      return HttpResponse.json({});
    }),
  );
  const { user } = renderApp();
  const row = (await screen.findByRole('cell', { name: 'salus-integration-bbbb2222' })).closest(
    'tr',
  )!;
  expect(within(row).getByText('b@x.example')).toBeVisible();
  expect(within(row).getByText(/February 1, 2026/)).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();

  await user.click(within(row).getByRole('button', { name: 'Use salus-integration-bbbb2222' }));
  expect(await screen.findByRole('button', { name: 'Fix permissions' })).toBeVisible();
  expect(chosen).toEqual({ userId: '72' });
});

test('a company the user cannot see is refused with a way back', async () => {
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => apiError(403, 'forbidden')));
  const { user } = renderApp();
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'Your Procore account cannot see this company.',
  );
  await user.click(screen.getByRole('button', { name: 'Choose another company' }));
  expect(await screen.findByRole('button', { name: 'Set up Acme Builders' })).toBeVisible();
  expect(window.location.search).toBe('');
});

test('every check says Checking until the status arrives', async () => {
  let release = () => {};
  const arrived = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, async () => {
      await arrived;
      return HttpResponse.json(buildStatus());
    }),
  );
  renderApp();
  const cards = await screen.findAllByRole('article');
  expect(cards).toHaveLength(9);
  for (const card of cards) expect(within(card).getByText('Checking')).toBeInTheDocument();

  release();
  const template = screen.getByRole('article', { name: 'Company permissions template' });
  expect(await within(template).findByText('Needs attention')).toBeVisible();
});

test("when the checks cannot run at all, every step says Can't check", async () => {
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () =>
      apiError(502, 'procore-unavailable', 'Procore answered 502.'),
    ),
  );
  renderApp();
  expect(await screen.findByRole('alert')).toHaveTextContent('Procore did not answer.');
  for (const card of screen.getAllByRole('article'))
    expect(within(card).getByText("Can't check")).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('when Procore is busy the checks keep going, say what is known, and the page asks again', async () => {
  let asked = 0;
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () => {
      asked += 1;
      if (asked > 1) return HttpResponse.json(buildStatus());
      return HttpResponse.json<ApiErrorBody>(
        {
          error: {
            code: 'procore-busy',
            message: 'Procore is busy; we will keep checking.',
            busy: {
              retryAfterSeconds: 0.01,
              known: {
                checkedAt: '2026-11-30T09:00:00.000Z',
                steps: [
                  { id: 'admin', state: 'complete' },
                  { id: 'app-installed', state: 'complete' },
                  { id: 'company-template', state: 'needs-attention' },
                ],
              },
            },
          },
        },
        { status: 503 },
      );
    }),
  );
  renderApp();
  const notice = await screen.findByRole('alert');
  expect(notice).toHaveTextContent('Procore is busy');
  expect(notice).toHaveTextContent('2 of 3 steps were complete');
  for (const card of screen.getAllByRole('article'))
    expect(within(card).getByText('Checking')).toBeInTheDocument();
  // The page asks again by itself and shows the checks once Procore answers.
  const template = await screen.findByRole('article', { name: 'Company permissions template' });
  expect(await within(template).findByText('Needs attention')).toBeVisible();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('every screen offers SALUS support, the privacy policy and a data deletion request', async () => {
  renderApp('/?company_id=4207', { locale: 'fr' });
  const help = await screen.findByRole('navigation', { name: 'Aide et confidentialité' });
  expect(within(help).getByRole('link', { name: 'Contacter l’assistance SALUS' })).toHaveAttribute(
    'href',
    'mailto:support@salussafety.io',
  );
  expect(within(help).getByRole('link', { name: /^Politique de confidentialité/ })).toHaveAttribute(
    'target',
    '_blank',
  );
  const deletion = within(help).getByRole('link', {
    name: 'Demander la suppression de vos données',
  });
  expect(decodeURIComponent(deletion.getAttribute('href')!)).toBe(
    'mailto:support@salussafety.io?subject=Demande de suppression des données de l’entreprise Procore 4207',
  );
});

test('an automatic repair that ran between two reads of the status is shown, not the fix before it', async () => {
  const before = buildCompleteStatus({
    watch: buildWatch(),
    autoRepair: buildAutoRepair({ lastRepair: { runId: 'run-7', at: '2026-03-03T11:00:00Z' } }),
  });
  let status = before;
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)),
    http.get(`/api/companies/${COMPANY_ID}/auto-repair`, () =>
      HttpResponse.json(status.autoRepair),
    ),
    http.get('/api/runs/:runId', ({ params }) =>
      HttpResponse.json(
        buildRun({
          runId: String(params.runId),
          status: 'succeeded',
          origin: 'rule',
          phase: 'done',
          total: 1,
          counts: { ...buildRun().counts, pending: 0, added: 1, already_member: 0 },
          etaSeconds: null,
          startedAt: '2026-03-03T13:00:00Z',
          finishedAt: '2026-03-03T13:00:05Z',
        }),
      ),
    ),
  );
  const { user } = renderApp();
  await screen.findByRole('region', { name: /Setup complete/ });
  // On arrival, an earlier repair is only said on the badge.
  expect(screen.queryByText(/^Started automatically/)).not.toBeInTheDocument();

  status = {
    ...before,
    checkedAt: '2026-03-03T13:01:00Z',
    autoRepair: buildAutoRepair({ lastRepair: { runId: 'run-8', at: '2026-03-03T13:00:00Z' } }),
  };
  await user.click(screen.getByRole('button', { name: 'Check again' }));
  const run = await screen.findByRole('region', { name: 'Changes applied' });
  expect(
    within(run).getByText(/^Started automatically on .+, on behalf of Ada Admin\.$/),
  ).toBeVisible();
});
