import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { AccountSummary } from '../../api/contract.ts';
import { buildStatus, buildStep, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

const account = (id: string, createdAt: string | null): AccountSummary => ({
  id,
  name: `salus-integration-${id}aaaaaa`,
  email: `salus-integration-${id}aaaaaa@dmsa.example`,
  createdAt,
});

function withCandidates(candidates: AccountSummary[]) {
  const status = buildStatus();
  status.steps[2] = buildStep('service-account', {
    state: 'needs-attention',
    reason: { code: 'several-candidates', count: candidates.length },
    details: { account: null, candidates, method: null },
    procore: { path: ['Company Tools', 'Directory'], url: null },
  });
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
}

test('accounts created at the same time: no "usually the newest", and nothing points below', async () => {
  withCandidates([account('11', '2023-03-21T09:00:00Z'), account('22', '2023-03-21T09:00:00Z')]);
  renderApp();
  const picker = await screen.findByRole('region', {
    name: 'Which user is the SALUS service account?',
  });
  expect(picker).not.toHaveTextContent(/newest/);
  expect(picker).toHaveTextContent(
    'They were created at the same time, so the dates cannot tell them apart',
  );
  // The picker is above the checklist: no sentence sends the admin "below" for it.
  expect(document.body).not.toHaveTextContent(/(choose|pick)[^.]*below/i);
  expect(screen.getByText('Service account: not chosen yet')).toBeVisible();
  // The Directory, not a user named after the prefix.
  expect(screen.getByText('In Procore: Company Tools → Directory')).toBeVisible();
  expect(document.body).not.toHaveTextContent(/salus-integration- →/);
});

test('one account created after the other: the newer is named as the usual one', async () => {
  withCandidates([account('11', '2023-03-21T09:00:00Z'), account('22', '2024-05-02T10:00:00Z')]);
  renderApp();
  expect(
    await screen.findByText(
      'The SALUS app creates its account when it is installed, so it is usually the newest one: salus-integration-22aaaaaa.',
    ),
  ).toBeVisible();
  expect(screen.queryByText(/created at the same time/)).not.toBeInTheDocument();
});
