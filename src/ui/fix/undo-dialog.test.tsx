import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { UndoPlanSummary } from '../../api/contract.ts';
import {
  buildCompleteStatus,
  buildRun,
  COMPANY_ID,
  companyTemplate,
  otherTemplate,
  projectTemplate,
} from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { apiError, recordRequests, server } from '../test/server.ts';

const finishedFix = buildRun({
  runId: 'fix-1',
  kind: 'fix',
  status: 'succeeded',
  phase: 'done',
  total: 40,
  counts: {
    pending: 0,
    added: 38,
    already_member: 0,
    retemplated: 2,
    removed: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  },
  etaSeconds: null,
  finishedAt: '2026-03-03T12:05:00Z',
});

function buildUndoPlan(overrides: Partial<UndoPlanSummary> = {}): UndoPlanSummary {
  return {
    runId: 'fix-1',
    companyId: COMPANY_ID,
    account: { id: '7', name: 'salus-integration-1a2b3c4d', email: null, createdAt: null },
    userChanges: [
      {
        field: 'company_permission_template_id',
        from: companyTemplate.id,
        to: null,
        fromName: companyTemplate.name,
        toName: null,
      },
      {
        field: 'default_permission_template_id',
        from: projectTemplate.id,
        to: otherTemplate.id,
        fromName: projectTemplate.name,
        toName: otherTemplate.name,
      },
    ],
    flagUnknown: true,
    removeProjects: 38,
    requests: 53,
    estimatedSeconds: 22,
    turnsOffAutoRepair: false,
    ...overrides,
  };
}

/** Applies a fix that finishes at once, then opens the undo review from its progress panel. */
async function openUndoReview(plan = buildUndoPlan()) {
  server.use(
    http.post(`/api/companies/${COMPANY_ID}/runs`, () => HttpResponse.json(finishedFix)),
    http.get('/api/runs/fix-1', () => HttpResponse.json(finishedFix)),
    http.get('/api/runs/fix-1/undo-plan', () => HttpResponse.json(plan)),
  );
  const view = renderApp();
  await view.user.click(await screen.findByRole('button', { name: 'Fix permissions' }));
  const review = await screen.findByRole('dialog', { name: 'Review the changes' });
  await view.user.click(await within(review).findByRole('button', { name: 'Apply changes' }));
  await view.user.click(await screen.findByRole('button', { name: 'Undo this fix' }));
  const dialog = await screen.findByRole('dialog', { name: 'Undo this fix' });
  await within(dialog).findByText(/puts the SALUS account back/);
  return { ...view, dialog };
}

test('the undo review lists the account fields put back and the memberships removed', async () => {
  const { dialog } = await openUndoReview();
  const review = within(dialog);
  expect(review.getByText('On the directory user salus-integration-1a2b3c4d:')).toBeVisible();
  expect(
    review.getByText('Company permissions template: SALUS Integration Account → none'),
  ).toBeVisible();
  expect(
    review.getByText(
      'Default template for new projects: SALUS Project Integration → Standard Employee',
    ),
  ).toBeVisible();
  expect(
    review.getByText('Remove the SALUS account from 38 projects this fix added it to.'),
  ).toBeVisible();
  expect(review.getByText(/Add to new projects.*left as it is now/)).toBeVisible();
  expect(review.getByText(/already on before the fix keep it/)).toBeVisible();
  expect(review.getByRole('button', { name: 'Undo changes' })).toBeVisible();
  expect(review.queryByRole('button', { name: /Fix permissions|Apply changes/ })).toBeNull();
});

test('the undo review says it turns automatic repair off when it is on', async () => {
  const off = await openUndoReview();
  expect(within(off.dialog).queryByText(/Keep SALUS set up automatically/)).toBeNull();
  off.unmount();
  const { dialog } = await openUndoReview(buildUndoPlan({ turnsOffAutoRepair: true }));
  expect(
    within(dialog).getByText(
      '“Keep SALUS set up automatically” is on for this company. Undoing turns it off, or SALUS Setup would set the account up again.',
    ),
  ).toBeVisible();
});

test('Undo changes starts the undo run and hands over to its progress', async () => {
  const undoRun = buildRun({
    runId: 'undo-1',
    kind: 'undo',
    total: 38,
    counts: {
      pending: 20,
      added: 0,
      already_member: 0,
      retemplated: 0,
      removed: 18,
      failed: 0,
      skipped: 0,
      cancelled: 0,
    },
  });
  server.use(
    http.post('/api/runs/fix-1/undo', () => HttpResponse.json(undoRun, { status: 201 })),
    http.get('/api/runs/undo-1', () => HttpResponse.json(undoRun)),
  );
  const { dialog, user } = await openUndoReview();
  await user.click(within(dialog).getByRole('button', { name: 'Undo changes' }));

  expect(await screen.findByRole('heading', { name: 'Undoing the fix' })).toHaveFocus();
  expect(screen.getByText('18 of 38 projects')).toBeVisible();
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  const removed = screen.getByText('Removed', { selector: 'dt' });
  expect(removed.nextElementSibling).toHaveTextContent('18');
  expect(screen.queryByRole('button', { name: 'Undo this fix' })).not.toBeInTheDocument();
});

test('Cancel closes the undo review without a write', async () => {
  const { dialog, user } = await openUndoReview();
  const requests = recordRequests();
  await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
  expect(screen.queryByRole('dialog', { name: 'Undo this fix' })).not.toBeInTheDocument();
  expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
});

describe('coming back to a completed company', () => {
  const status = `/api/companies/${COMPANY_ID}/status`;

  test('the badge offers to undo the fix that completed it, with the same review', async () => {
    server.use(
      http.get(status, () => HttpResponse.json(buildCompleteStatus())),
      http.get('/api/runs/run-1/undo-plan', () =>
        HttpResponse.json(buildUndoPlan({ runId: 'run-1' })),
      ),
    );
    const view = renderApp();
    expect(await screen.findByRole('heading', { name: /Setup complete/ })).toBeVisible();
    await view.user.click(screen.getByRole('button', { name: 'Undo this fix' }));
    const dialog = await screen.findByRole('dialog', { name: 'Undo this fix' });
    expect(
      await within(dialog).findByText(
        'Remove the SALUS account from 38 projects this fix added it to.',
      ),
    ).toBeVisible();
  });

  test('says why when that fix can no longer be undone', async () => {
    server.use(
      http.get(status, () => HttpResponse.json(buildCompleteStatus())),
      http.get('/api/runs/run-1/undo-plan', () =>
        apiError(409, 'conflict', 'Only the latest fix of this company can be undone.'),
      ),
    );
    const view = renderApp();
    await view.user.click(await screen.findByRole('button', { name: 'Undo this fix' }));
    const dialog = await screen.findByRole('dialog', { name: 'Undo this fix' });
    expect(await within(dialog).findByText(/Could not prepare the undo/)).toBeVisible();
    expect(within(dialog).queryByRole('button', { name: 'Undo changes' })).toBeNull();
  });

  test('is not offered to someone who cannot fix', async () => {
    server.use(
      http.get(status, () => HttpResponse.json(buildCompleteStatus({ viewer: { canFix: false } }))),
    );
    renderApp();
    expect(await screen.findByRole('heading', { name: /Setup complete/ })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Undo this fix' })).not.toBeInTheDocument();
  });
});
