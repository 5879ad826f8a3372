import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type {
  SupportCompanyDetail,
  SupportNotice,
  SupportSessionInfo,
} from '../../api/contract.ts';
import { buildSupportRow, buildSupportWatch } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { apiError, recordRequests, server } from '../test/server.ts';

const rows = [
  buildSupportRow({ watch: buildSupportWatch() }),
  buildSupportRow({
    companyId: '5150',
    companyName: 'Beacon Construction',
    state: 'needs-attention',
    completedAt: null,
    problems: ['project-access', 'company-template'],
    unchecked: ['connection-test'],
  }),
  buildSupportRow({
    companyId: '7007',
    companyName: 'Drifted Builders',
    state: 'drifted',
    problems: ['company-template'],
    drift: { since: '2026-03-04T09:00:00Z', changes: ['company-template'] },
    watch: buildSupportWatch({
      events: 'not-allowed',
      lastEventAt: null,
      openDrift: 2,
      driftSince: '2026-03-04T09:00:00Z',
      driftKinds: ['account-setting', 'not-on-project'],
      newProjectsUnverifiedSince: '2026-03-02T12:00:00Z',
    }),
  }),
  buildSupportRow({
    companyId: '6001',
    companyName: 'Crane & Co',
    state: 'running',
    completedAt: null,
    checkedAt: null,
  }),
];

const notice = (overrides: Partial<SupportNotice>): SupportNotice => ({
  id: 'n1',
  kind: 'salus.setup.completed',
  companyId: '4207',
  companyName: 'Acme Builders',
  step: null,
  status: 'held',
  attempts: 0,
  createdAt: '2026-03-03T12:00:00Z',
  deliveredAt: null,
  lastError: null,
  payload: {},
  ...overrides,
});

const jobs = { queued: 3, oldestSeconds: 125, failed: 1, deadLetters: 2 };

const notices = [
  notice({}),
  notice({
    id: 'n2',
    kind: 'salus.setup.drift',
    companyId: '7007',
    companyName: 'Drifted Builders',
    step: 'company-template',
    createdAt: '2026-03-04T09:00:00Z',
  }),
  notice({ id: 'n3', companyId: '9001', companyName: 'Sent Ltd', status: 'delivered' }),
];

/**
 * Our server's support side: a person signed in by cookie (`signedIn`), or the break-glass token
 * `support-token` when the server has one; the companies answer only to one of them.
 */
function supportServer(options: { signedIn?: boolean; breakGlass?: boolean; demo?: boolean } = {}) {
  const state = { signedIn: options.signedIn ?? false };
  const viaToken = (request: Request) =>
    options.breakGlass !== false && request.headers.get('Authorization') === 'Bearer support-token';
  const allowed = (request: Request) => state.signedIn || viaToken(request);
  const denied = () => apiError(401, 'unauthenticated', 'Sign in with SALUS to continue.');
  server.use(
    http.get('/api/support/session', ({ request }) =>
      HttpResponse.json<SupportSessionInfo>({
        person: viaToken(request)
          ? { email: null, via: 'break-glass' }
          : state.signedIn
            ? { email: 'support@salus.example', via: 'sign-in' }
            : null,
        signIn: true,
        breakGlass: options.breakGlass !== false,
        demo: options.demo ?? false,
      }),
    ),
    http.get('/api/support/companies', ({ request }) =>
      allowed(request) ? HttpResponse.json(rows) : denied(),
    ),
    http.get('/api/support/companies/:cid', ({ request }) =>
      allowed(request) ? HttpResponse.json(detail) : denied(),
    ),
    http.get('/api/support/outbox', ({ request }) =>
      allowed(request) ? HttpResponse.json({ notices, jobs }) : denied(),
    ),
    http.post('/auth/support/sign-out', () => {
      state.signedIn = false;
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return state;
}

const detail: SupportCompanyDetail = {
  company: rows[0]!,
  latestRun: {
    id: 'run-1',
    kind: 'fix',
    origin: 'person',
    status: 'succeeded',
    startedAt: '2026-03-03T11:59:00Z',
  },
  recentAccess: [
    { at: '2026-03-05T10:00:00Z', email: 'support@salus.example', via: 'sign-in', view: 'detail' },
    { at: '2026-03-05T09:00:00Z', email: null, via: 'break-glass', view: 'list' },
  ],
  watchDrift: [],
  autoRepair: { state: 'off', admin: null, since: null, pausedReason: null, lastRepair: null },
};

const companyCells = () =>
  within(screen.getAllByRole('table')[0]!)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);

/** Opens the view as a signed-in support person. */
function openSignedIn() {
  supportServer({ signedIn: true });
  return renderApp('/support');
}

async function useBreakGlass(token: string) {
  const view = renderApp('/support');
  await view.user.click(await screen.findByText('Use the emergency support token'));
  await view.user.type(screen.getByLabelText('Support token'), token);
  await view.user.click(screen.getByRole('button', { name: 'Show companies' }));
  return view;
}

async function chooseState(user: ReturnType<typeof renderApp>['user'], state: string) {
  await user.click(screen.getByRole('button', { name: /^State / }));
  await user.click(await screen.findByRole('option', { name: state }));
}

test('the way in is “Sign in with SALUS”, with a hint in the demo', async () => {
  supportServer({ demo: true });
  renderApp('/support');
  const link = await screen.findByRole('link', { name: 'Sign in with SALUS' });
  expect(link).toHaveAttribute('href', '/auth/support/start');
  expect(screen.getByText(/choose “Sign in as support@salus.example”/)).toBeVisible();
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
});

test('a refused sign-in says why, plainly', async () => {
  supportServer();
  renderApp('/support?refused=not-allowed');
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'That account is not on SALUS support’s list',
  );
  expect(screen.getByRole('link', { name: 'Sign in with SALUS' })).toBeVisible();
});

test('a signed-in person sees who they are, and signing out ends it', async () => {
  const { user } = openSignedIn();
  expect(await screen.findByText('Signed in as support@salus.example')).toBeVisible();
  expect(await screen.findByText('Showing 4 of 4 companies.')).toBeVisible();
  const requests = recordRequests();
  await user.click(screen.getByRole('button', { name: 'Sign out' }));
  expect(await screen.findByRole('link', { name: 'Sign in with SALUS' })).toBeVisible();
  expect(requests).toContain('POST /auth/support/sign-out');
  expect(screen.queryByText('Showing 4 of 4 companies.')).not.toBeInTheDocument();
});

test('a session that ended on the server asks to sign in again', async () => {
  const state = supportServer({ signedIn: true });
  // It ends (idle, 8 hours, signed out elsewhere) between the session check and the list.
  server.use(
    http.get('/api/support/companies', () => {
      state.signedIn = false;
      return apiError(401, 'unauthenticated', 'Sign in with SALUS to continue.');
    }),
  );
  renderApp('/support');
  expect(await screen.findByText('Your support session has ended. Sign in again.')).toBeVisible();
  expect(screen.getByRole('link', { name: 'Sign in with SALUS' })).toBeVisible();
});

test('a company’s details show its latest report and who in support looked at it', async () => {
  const { user } = openSignedIn();
  await user.click(await screen.findByRole('button', { name: 'Acme Builders (4207)' }));
  expect(await screen.findByRole('heading', { name: 'Acme Builders (4207)' })).toBeVisible();
  expect(screen.getByRole('button', { name: 'Download the latest fix report' })).toBeVisible();
  const access = screen.getByRole('region', { name: 'Recent support access' });
  const lines = within(access)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .slice(1)
        .map((cell) => cell.textContent),
    );
  expect(lines).toEqual([
    ['support@salus.example', 'Company details'],
    ['Emergency support token', 'Company list'],
  ]);
  expect(window.location.search).toBe('?company=4207');
  await user.click(screen.getByRole('button', { name: 'Back to all companies' }));
  expect(await screen.findByText('Showing 4 of 4 companies.')).toBeVisible();
});

test('the emergency token is offered only where the server has one, and a wrong one is refused', async () => {
  supportServer();
  await useBreakGlass('nope');
  expect(await screen.findByRole('alert')).toHaveTextContent('That token was not accepted.');
});

test('the emergency token opens the view, saying every use is recorded', async () => {
  supportServer();
  await useBreakGlass('support-token');
  expect(await screen.findByText('Showing 4 of 4 companies.')).toBeVisible();
  expect(
    screen.getByText('Using the emergency support token. Every use is recorded.'),
  ).toBeVisible();
});

test('no emergency token on the server: none is offered', async () => {
  supportServer({ breakGlass: false });
  renderApp('/support');
  await screen.findByRole('link', { name: 'Sign in with SALUS' });
  expect(screen.queryByText('Use the emergency support token')).not.toBeInTheDocument();
});

test('an empty token is not sent: the field says what it needs', async () => {
  supportServer();
  const { user } = renderApp('/support');
  await user.click(await screen.findByText('Use the emergency support token'));
  const field = screen.getByLabelText('Support token');
  const requests = recordRequests();
  await user.click(screen.getByRole('button', { name: 'Show companies' }));
  expect(field).toHaveAccessibleDescription('Enter the support token.');
  expect(field).toBeInvalid();
  expect(requests).toEqual([]);
});

test('support sees every company with state, last check, completion and open problems', async () => {
  openSignedIn();
  expect(await screen.findByText('Showing 4 of 4 companies.')).toBeVisible();
  const beacon = screen.getByRole('row', { name: /Beacon Construction/ });
  expect(within(beacon).getByText('Needs attention')).toBeVisible();
  expect(within(beacon).getByText('Access to every active project')).toBeVisible();
  expect(within(beacon).getByText('Company permissions template')).toBeVisible();
  // "Can't check" is said apart, not counted among the problems.
  expect(within(beacon).getAllByRole('listitem')).toHaveLength(2);
  expect(within(beacon).getByText('Could not be checked: Connection test.')).toBeVisible();
  const crane = screen.getByRole('row', { name: /Crane & Co/ });
  expect(within(crane).getByText('Fix running')).toBeVisible();
  // A completed company that changed: a pill, since when, and which steps, each said once.
  const drifted = within(screen.getAllByRole('table')[0]!).getByRole('row', {
    name: /Drifted Builders/,
  });
  const pill = within(beacon).getByText('Needs attention').classList[0]!;
  expect(within(drifted).getByText('Changed since completion')).toHaveClass(pill);
  expect(within(drifted).getByText(/^Changed since .*2026/)).toBeVisible();
  expect(within(drifted).getAllByText('Company permissions template')).toHaveLength(1);
});

test('each company’s watch: events, last verified and heard, open problems, unverified projects', async () => {
  openSignedIn();
  await screen.findByText('Showing 4 of 4 companies.');
  const table = screen.getAllByRole('table')[0]!;
  expect(within(table).getByRole('columnheader', { name: 'Watch' })).toBeVisible();
  const watchCell = (name: RegExp) => {
    const row = within(table).getByRole('row', { name });
    return within(row).getAllByRole('cell')[4]!;
  };
  const lines = (cell: HTMLElement) =>
    within(cell)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
  expect(lines(watchCell(/Acme Builders/))).toEqual([
    'Watching',
    'Procore events on',
    expect.stringMatching(/^Last verified March 5, 2026/),
    expect.stringMatching(/^Last event received March 4, 2026/),
    'No open problems found by the watch',
  ]);
  expect(lines(watchCell(/Drifted Builders/))).toEqual([
    'Watching',
    'Events not allowed by the installed app version: daily check only',
    expect.stringMatching(/^Last verified March 5, 2026/),
    'No event received yet',
    expect.stringMatching(
      /^2 open problems, oldest since March 4, 2026.*: an account setting changed and not on a project$/,
    ),
    expect.stringMatching(/^New projects unverified since March 2, 2026/),
  ]);
  // Never completed: nothing watched yet, said so.
  expect(watchCell(/Beacon Construction/)).toHaveTextContent(
    'Not watched yet: setup never completed',
  );
});

test('a company’s details show its watch under its own heading', async () => {
  const { user } = openSignedIn();
  await user.click(await screen.findByRole('button', { name: 'Acme Builders (4207)' }));
  const watch = await screen.findByRole('region', { name: 'Keeping it set up' });
  expect(within(watch).getByRole('heading', { level: 3 })).toHaveTextContent('Keeping it set up');
  expect(
    within(watch)
      .getAllByRole('listitem')
      .map((item) => item.textContent),
  ).toEqual([
    'Watching',
    'Procore events on',
    expect.stringMatching(/^Last verified March 5, 2026/),
    expect.stringMatching(/^Last event received March 4, 2026/),
    'No open problems found by the watch',
    'Automatic repair off',
  ]);
  // Nothing open: no list of findings.
  expect(
    within(watch).queryByRole('list', { name: 'Found since setup was complete' }),
  ).not.toBeInTheDocument();
});

test('a company’s details list each open finding, as the admin reads it, with since when', async () => {
  const { user } = openSignedIn();
  // After the signed-in server's handlers, so this company's details win.
  server.use(
    http.get('/api/support/companies/:cid', () =>
      HttpResponse.json<SupportCompanyDetail>({
        ...detail,
        watchDrift: [
          {
            kind: 'not-on-project',
            project: { id: '88', name: null },
            since: '2026-03-04T12:00:00Z',
          },
          {
            kind: 'account-setting',
            field: 'default_permission_template_id',
            now: 'Read Only',
            since: '2026-03-05T12:00:00Z',
          },
        ],
      }),
    ),
  );
  await user.click(await screen.findByRole('button', { name: 'Acme Builders (4207)' }));
  const found = await screen.findByRole('list', { name: 'Found since setup was complete' });
  expect(
    within(found)
      .getAllByRole('listitem')
      .map((item) => item.textContent),
  ).toEqual([
    expect.stringMatching(/^The SALUS account is not on a project created on March 4, 2026/),
    expect.stringMatching(
      /^The SALUS account’s default template for new projects is now “Read Only” \(since March 5, 2026/,
    ),
  ]);
});

test('a company’s details say whether automatic repair is on, for whom, or why it paused', async () => {
  const { user } = openSignedIn();
  const admin = { id: '9', name: 'Alex Morgan' };
  const shown = async (autoRepair: SupportCompanyDetail['autoRepair']) => {
    server.use(
      http.get('/api/support/companies/:cid', () =>
        HttpResponse.json<SupportCompanyDetail>({ ...detail, autoRepair }),
      ),
    );
    await user.click(await screen.findByRole('button', { name: 'Acme Builders (4207)' }));
    const facts = await screen.findByRole('list', { name: 'Keep SALUS set up automatically' });
    const items = within(facts)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    await user.click(screen.getByRole('button', { name: 'Back to all companies' }));
    return items;
  };
  expect(
    await shown({
      state: 'on',
      admin,
      since: '2026-03-05T12:00:00Z',
      pausedReason: null,
      lastRepair: { runId: 'run-7', at: '2026-03-06T08:00:00Z' },
    }),
  ).toEqual([
    expect.stringMatching(
      /^Automatic repair on since March 5, 2026.*, made with the Procore sign-in of Alex Morgan$/,
    ),
    expect.stringMatching(/^Last automatic repair March 6, 2026/),
  ]);
  expect(
    await shown({
      state: 'paused',
      admin,
      since: '2026-03-05T12:00:00Z',
      pausedReason: 'not-admin',
      lastRepair: null,
    }),
  ).toEqual(['Automatic repair paused: Alex Morgan no longer has Admin on the company Directory']);
});

test('held notices are listed for support to read', async () => {
  openSignedIn();
  const section = await screen.findByRole('region', {
    name: 'Notices to SALUS support kept here',
  });
  const table = within(section).getByRole('table');
  const lines = within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.textContent);
  expect(lines).toEqual([
    expect.stringMatching(/^Acme Builders \(4207\)Setup completed.*Kept here: no webhook/),
    expect.stringMatching(
      /^Drifted Builders \(7007\)Changed after completion: Company permissions template/,
    ),
  ]);
});

test('the footer says what the background job queue holds', async () => {
  openSignedIn();
  const footer = await screen.findByRole('contentinfo', { name: 'Background jobs' });
  expect(footer).toHaveTextContent(
    'Background jobs: 3 waiting (oldest 3 minutes), 1 failed, 2 notices given up on',
  );
});

test('support filters by state and searches by name or id', async () => {
  const { user } = openSignedIn();
  await screen.findByText('Showing 4 of 4 companies.');
  // Procore's own dropdown (core-react's Select), not the browser's.
  expect(screen.queryByRole('combobox')).not.toBeInTheDocument();

  await chooseState(user, 'Needs attention');
  expect(companyCells()).toEqual(['Beacon Construction (5150)']);
  await chooseState(user, 'Changed since completion');
  expect(companyCells()).toEqual(['Drifted Builders (7007)']);

  await chooseState(user, 'All states');
  await user.type(screen.getByRole('searchbox', { name: 'Search by company name or ID' }), 'crane');
  expect(companyCells()).toEqual(['Crane & Co (6001)']);

  await user.clear(screen.getByRole('searchbox', { name: 'Search by company name or ID' }));
  await user.type(screen.getByRole('searchbox', { name: 'Search by company name or ID' }), '4207');
  expect(companyCells()).toEqual(['Acme Builders (4207)']);
  expect(screen.getByText('Showing 1 of 4 companies.')).toBeVisible();
});
