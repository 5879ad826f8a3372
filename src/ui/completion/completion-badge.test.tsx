import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { CompanyStatus } from '../../api/contract.ts';
import { authStore } from '../api/auth-store.ts';
import {
  buildCompleteStatus,
  buildReport,
  buildStatus,
  buildStep,
  COMPANY_ID,
} from '../test/builders.ts';
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
  expect(within(badge).getByRole('button', { name: 'Download report (CSV)' })).toBeVisible();
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

/** jsdom's Blob has no text(); FileReader decodes it as a browser would (BOM included). */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** jsdom has no Blob URLs and does not navigate: stand in for the browser's download. */
function captureDownloads() {
  const saved: Blob[] = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    saved.push(blob);
    return 'blob:report';
  });
  URL.revokeObjectURL = vi.fn();
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  return {
    saved,
    fileName: () => (click.mock.contexts[0] as HTMLAnchorElement | undefined)?.download,
    clicked: () => click.mock.calls.length > 0,
  };
}

test('the report downloads with the session, as CSV in the admin’s words, named after the company', async () => {
  withStatus(buildCompleteStatus());
  let authorization: string | null = null;
  server.use(
    http.get('/api/runs/run-1/report', ({ request }) => {
      authorization = request.headers.get('Authorization');
      return HttpResponse.json(buildReport());
    }),
  );
  const downloads = captureDownloads();
  authStore.signIn('sess-9');
  const { user } = renderApp();

  await user.click(await screen.findByRole('button', { name: 'Download report (CSV)' }));
  await waitFor(() => expect(downloads.clicked()).toBe(true));
  expect(authorization).toBe('Bearer sess-9');
  expect(downloads.fileName()).toBe('SALUS setup - Granite Ridge Construction - 2026-03-03.csv');
  const text = await readText(downloads.saved[0]!);
  const [header, ...rows] = text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(header).toBe(
    'What,Name,Change,Result,Details,Before,After,Made with the sign-in of,When (UTC),Procore ID,Before (Procore ID),After (Procore ID)',
  );
  expect(rows).toEqual([
    'Service account,salus-integration-1a2b3c4d,Company permissions template,Changed,,none,SALUS Integration Account,Ada Admin,2026-03-03T12:00:00.000Z,2001,,9100',
    'Service account,salus-integration-1a2b3c4d,Add to all new projects,Changed,,unknown,on,Ada Admin,2026-03-03T12:00:00.000Z,2001,,',
    'Project,Tower B,Add to the project,Added,Added with the other projects in one request,,SALUS Project Integration,Ada Admin,2026-03-03T12:01:00.000Z,301,,9200',
    'Project,Depot,Add to the project,Failed,Procore (HTTP 403): Project is archived,,,Ada Admin,2026-03-03T12:01:00.000Z,302,,',
  ]);
  // Names first: no raw field names or outcome codes, and Procore's ids only in the id columns.
  const ids = ['2001', '9100', '9200', '301', '302'];
  for (const row of rows) {
    const named = row.split(',').slice(0, 9);
    expect(named.join(',')).not.toMatch(/[a-z]+_[a-z_]+|#\d+/);
    for (const id of ids) expect(named).not.toContain(id);
  }
});

test('the report is in the page’s language', async () => {
  withStatus(buildCompleteStatus());
  server.use(http.get('/api/runs/run-1/report', () => HttpResponse.json(buildReport())));
  const downloads = captureDownloads();
  const { user } = renderApp(`/?company_id=${COMPANY_ID}&locale=es`);

  await user.click(await screen.findByRole('button', { name: 'Descargar informe (CSV)' }));
  await waitFor(() => expect(downloads.clicked()).toBe(true));
  expect(downloads.fileName()).toBe(
    'Configuración SALUS - Granite Ridge Construction - 2026-03-03.csv',
  );
  const text = await readText(downloads.saved[0]!);
  expect(text).toContain('Qué,Nombre,Cambio,Resultado');
  expect(text).toContain(
    'Proyecto,Depot,Añadir al proyecto,Falló,Procore (HTTP 403): Project is archived',
  );
});

test('someone without Directory admin sees the badge but not the report (it names every project)', async () => {
  const status = buildCompleteStatus();
  withStatus({ ...status, viewer: { canFix: false } });
  renderApp();
  expect(await screen.findByRole('heading', { name: /Setup complete/ })).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Download report (CSV)' })).not.toBeInTheDocument();
});
