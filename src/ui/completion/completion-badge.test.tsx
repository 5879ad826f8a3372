// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { CompanyStatus } from '../../api/contract.ts';
import { authStore } from '../api/auth-store.ts';
import { buildCompleteStatus, buildStatus, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

function withStatus(status: CompanyStatus) {
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
}

test('a complete company shows the badge with the date, who completed it, and support notified', async () => {
  withStatus(buildCompleteStatus());
  renderApp();
  const title = await screen.findByRole('heading', { name: /Setup complete/ });
  const badge = title.closest('section')!;
  expect(within(badge).getByText(/^Completed March 3, 2026.* by Ada Admin\.$/)).toBeVisible();
  expect(within(badge).getByText('SALUS support has been notified.')).toBeVisible();
  expect(within(badge).getByRole('link', { name: 'Download report (CSV)' })).toHaveAttribute(
    'href',
    '/api/runs/run-1/report.csv',
  );
  expect(screen.getAllByText(/Setup complete/)).toHaveLength(1);
  expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();
});

test('without a support webhook the notice is held, and the badge says so', async () => {
  const status = buildCompleteStatus();
  withStatus({ ...status, completion: { ...status.completion!, supportNotice: 'held' } });
  renderApp();
  await screen.findByRole('heading', { name: /Setup complete/ });
  expect(
    screen.getByText(
      'No SALUS support webhook is configured here, so the notice waits in the SALUS support view.',
    ),
  ).toBeVisible();
});

test('no badge while anything needs attention', async () => {
  withStatus(buildStatus());
  renderApp();
  await screen.findByRole('button', { name: 'Fix permissions' });
  expect(screen.queryByText(/Setup complete/)).not.toBeInTheDocument();
});

test('drift since an earlier completion is shown instead of a stale badge', async () => {
  withStatus(buildStatus({ completion: buildCompleteStatus().completion }));
  renderApp();
  expect(
    await screen.findByText(
      /This company was set up on March 3, 2026.*something has changed since/,
    ),
  ).toBeVisible();
  expect(screen.queryByText(/Setup complete/)).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Fix permissions' })).toBeVisible();
});

test('the report downloads with the session (a bearer header a plain link cannot send)', async () => {
  withStatus(buildCompleteStatus());
  let authorization: string | null = null;
  server.use(
    http.get('/api/runs/run-1/report.csv', ({ request }) => {
      authorization = request.headers.get('Authorization');
      return new HttpResponse('project,outcome\nTower B,added\n', {
        headers: { 'Content-Type': 'text/csv' },
      });
    }),
  );
  // jsdom has no Blob URLs and does not navigate; stand in for the browser's download.
  const saved: Blob[] = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    saved.push(blob);
    return 'blob:report';
  });
  URL.revokeObjectURL = vi.fn();
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  authStore.signIn('sess-9');
  const { user } = renderApp();

  await user.click(await screen.findByRole('link', { name: 'Download report (CSV)' }));
  await waitFor(() => expect(click).toHaveBeenCalled());
  expect(authorization).toBe('Bearer sess-9');
  await expect(saved[0]!.text()).resolves.toBe('project,outcome\nTower B,added\n');
  expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
    'salus-setup-report-run-1.csv',
  );
});
