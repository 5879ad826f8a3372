import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { buildSupportRow } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { apiError, server } from '../test/server.ts';

const rows = [
  buildSupportRow(),
  buildSupportRow({
    companyId: '5150',
    companyName: 'Beacon Construction',
    state: 'needs-attention',
    completedAt: null,
    problems: ['project-access', 'company-template'],
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

function supportServer() {
  server.use(
    http.get('/api/support/companies', ({ request }) =>
      request.headers.get('Authorization') === 'Bearer support-token'
        ? HttpResponse.json(rows)
        : apiError(401, 'unauthenticated', 'Bad token'),
    ),
  );
}

const companyCells = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);

async function signInAsSupport(token: string) {
  const view = renderApp('/support');
  await view.user.type(await screen.findByLabelText('Support token'), token);
  await view.user.click(screen.getByRole('button', { name: 'Show companies' }));
  return view;
}

test('a wrong support token is refused', async () => {
  supportServer();
  await signInAsSupport('nope');
  expect(await screen.findByRole('alert')).toHaveTextContent('That token was not accepted.');
});

test('support sees every company with state, last check, completion and open problems', async () => {
  supportServer();
  await signInAsSupport('support-token');
  expect(await screen.findByText('Showing 4 of 4 companies.')).toBeVisible();
  const beacon = screen.getByRole('row', { name: /Beacon Construction/ });
  expect(within(beacon).getByText('Needs attention')).toBeVisible();
  expect(within(beacon).getByText('Access to every active project')).toBeVisible();
  expect(within(beacon).getByText('Company permissions template')).toBeVisible();
  const crane = screen.getByRole('row', { name: /Crane & Co/ });
  expect(within(crane).getByText('Fix running')).toBeVisible();
  // A completed company that changed: since when, and which steps.
  const drifted = screen.getByRole('row', { name: /Drifted Builders/ });
  expect(within(drifted).getByText('Changed since completion')).toBeVisible();
  expect(within(drifted).getByText(/^Changed since .*2026/)).toBeVisible();
  expect(within(drifted).getAllByText('Company permissions template').length).toBeGreaterThan(0);
});

test('support filters by state and searches by name or id', async () => {
  supportServer();
  const { user } = await signInAsSupport('support-token');
  await screen.findByText('Showing 4 of 4 companies.');

  await user.selectOptions(screen.getByRole('combobox', { name: 'State' }), 'Needs attention');
  expect(companyCells()).toEqual(['Beacon Construction (5150)']);
  await user.selectOptions(
    screen.getByRole('combobox', { name: 'State' }),
    'Changed since completion',
  );
  expect(companyCells()).toEqual(['Drifted Builders (7007)']);

  await user.selectOptions(screen.getByRole('combobox', { name: 'State' }), 'All states');
  await user.type(screen.getByRole('searchbox', { name: 'Search by company name or ID' }), 'crane');
  expect(companyCells()).toEqual(['Crane & Co (6001)']);

  await user.clear(screen.getByRole('searchbox', { name: 'Search by company name or ID' }));
  await user.type(screen.getByRole('searchbox', { name: 'Search by company name or ID' }), '4207');
  expect(companyCells()).toEqual(['Acme Builders (4207)']);
  expect(screen.getByText('Showing 1 of 4 companies.')).toBeVisible();
});
