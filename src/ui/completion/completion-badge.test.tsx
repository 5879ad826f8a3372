// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { CompanyStatus } from '../../api/contract.ts';
import { authStore } from '../api/auth-store.ts';
import { buildCompleteStatus, buildStatus, buildStep, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

function withStatus(status: CompanyStatus) {
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
}

test('a complete company shows the badge with the date and who completed it', async () => {
  withStatus(buildCompleteStatus());
  renderApp();
  const title = await screen.findByRole('heading', { name: /Setup complete/ });
  const badge = title.closest('section')!;
  expect(within(badge).getByText(/^Completed March 3, 2026.* by Ada Admin\.$/)).toBeVisible();
  expect(within(badge).getByRole('link', { name: 'Download report (CSV)' })).toHaveAttribute(
    'href',
    '/api/runs/run-1/report.csv',
  );
  // SALUS support's notice is said once, by its own step.
  expect(within(badge).queryByText(/SALUS support/)).not.toBeInTheDocument();
  const support = screen.getByRole('article', { name: 'SALUS support told' });
  expect(within(support).getByText(/^SALUS support was notified on March 3, 2026/)).toBeVisible();
  expect(screen.getAllByText(/Setup complete/)).toHaveLength(1);
  expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();
});

/** The badge never shows above a step that needs attention. */
function expectNothingNeedsAttention() {
  expect(screen.getByRole('heading', { name: /Setup complete/ })).toBeVisible();
  expect(screen.queryByText('Needs attention')).not.toBeInTheDocument();
}

test('without a support webhook: "Recorded for SALUS support", complete, said once', async () => {
  const status = buildCompleteStatus();
  status.steps[8] = buildStep('support-notified', {
    details: { status: 'held', at: '2026-03-03T12:05:00Z' },
  });
  withStatus({ ...status, completion: { ...status.completion!, supportNotice: 'held' } });
  renderApp();
  await screen.findByRole('heading', { name: /Setup complete/ });
  expectNothingNeedsAttention();
  const support = screen.getByRole('article', { name: 'SALUS support told' });
  expect(within(support).getByText('Complete')).toBeVisible();
  expect(screen.getAllByText(/Recorded for SALUS support/)).toHaveLength(1);
  expect(document.body).not.toHaveTextContent(/webhook/i);
});

test('a notice still being sent is complete too: nothing is left for the admin', async () => {
  const status = buildCompleteStatus();
  status.steps[8] = buildStep('support-notified', { details: { status: 'queued', at: null } });
  withStatus({ ...status, completion: { ...status.completion!, supportNotice: 'queued' } });
  renderApp();
  await screen.findByRole('heading', { name: /Setup complete/ });
  expectNothingNeedsAttention();
});

test('someone without Directory admin sees the badge, and their own access as a note', async () => {
  const status = buildCompleteStatus({ viewer: { canFix: false } });
  status.steps[0] = buildStep('admin', {
    state: 'needs-attention',
    reason: { code: 'not-directory-admin', accessLevel: 'Read Only' },
    details: { isAdmin: false, accessLevel: 'Read Only' },
  });
  withStatus(status);
  renderApp();
  await screen.findByRole('heading', { name: /Setup complete/ });
  expectNothingNeedsAttention();
  const admin = screen.getByRole('article', { name: 'You are a Directory admin' });
  expect(within(admin).getByText('Note')).toBeVisible();
  expect(
    within(admin).getByText(
      'You have Read Only access to the company Directory. Nothing needs changing, so that is enough; changing the SALUS account would need Admin.',
    ),
  ).toBeVisible();
  expect(screen.queryByText(/send the planned changes to an admin/)).not.toBeInTheDocument();
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
