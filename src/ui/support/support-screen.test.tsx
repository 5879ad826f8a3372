import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { SupportNotice } from '../../api/contract.ts';
import { buildSupportRow } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { apiError, recordRequests, server } from '../test/server.ts';

const rows = [
  buildSupportRow(),
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

/** A server that wants the support token (`open`: one that needs none, as demo mode). */
function supportServer(options: { open?: boolean } = {}) {
  const allowed = (request: Request) =>
    options.open || request.headers.get('Authorization') === 'Bearer support-token';
  server.use(
    http.get('/api/support/companies', ({ request }) =>
      allowed(request) ? HttpResponse.json(rows) : apiError(401, 'unauthenticated', 'Bad token'),
    ),
    http.get('/api/support/outbox', ({ request }) =>
      allowed(request)
        ? HttpResponse.json({ notices, jobs })
        : apiError(401, 'unauthenticated', 'Bad token'),
    ),
  );
}

const companyCells = () =>
  within(screen.getAllByRole('table')[0]!)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);

async function signInAsSupport(token: string) {
  const view = renderApp('/support');
  await view.user.type(await screen.findByLabelText('Support token'), token);
  await view.user.click(screen.getByRole('button', { name: 'Show companies' }));
  return view;
}

async function chooseState(user: ReturnType<typeof renderApp>['user'], state: string) {
  await user.click(screen.getByRole('button', { name: /^State / }));
  await user.click(await screen.findByRole('option', { name: state }));
}

test('a wrong support token is refused', async () => {
  supportServer();
  await signInAsSupport('nope');
  expect(await screen.findByRole('alert')).toHaveTextContent('That token was not accepted.');
});

test('an empty token is not sent: the field says what it needs', async () => {
  supportServer();
  const { user } = renderApp('/support');
  const field = await screen.findByLabelText('Support token');
  const requests = recordRequests();
  await user.click(screen.getByRole('button', { name: 'Show companies' }));
  expect(field).toHaveAccessibleDescription('Enter the support token.');
  expect(field).toBeInvalid();
  expect(requests).toEqual([]);
});

test('a server that needs no support token (demo) shows the companies without asking for one', async () => {
  supportServer({ open: true });
  renderApp('/support');
  expect(await screen.findByText('Showing 4 of 4 companies.')).toBeVisible();
  expect(screen.queryByLabelText('Support token')).not.toBeInTheDocument();
});

test('support sees every company with state, last check, completion and open problems', async () => {
  supportServer();
  await signInAsSupport('support-token');
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

test('held notices are listed for support to read', async () => {
  supportServer();
  await signInAsSupport('support-token');
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
  supportServer();
  await signInAsSupport('support-token');
  const footer = await screen.findByRole('contentinfo', { name: 'Background jobs' });
  expect(footer).toHaveTextContent(
    'Background jobs: 3 waiting (oldest 3 minutes), 1 failed, 2 notices given up on',
  );
});

test('support filters by state and searches by name or id', async () => {
  supportServer();
  const { user } = await signInAsSupport('support-token');
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
