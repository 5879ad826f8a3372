import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { buildStatus, buildStep, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

const APP_VERSION_ID = '942ce720-c74e-4644-a15c-e4b09c5ee700';

test('without the SALUS app, the install steps with the App Version ID to copy', async () => {
  const status = buildStatus();
  status.steps[1] = buildStep('app-installed', {
    state: 'needs-attention',
    reason: { code: 'not-installed' },
    details: { installed: false, installationId: null, version: null },
  });
  status.steps[2] = buildStep('service-account', {
    state: 'cannot-check',
    details: { account: null },
  });
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
  const { user } = renderApp();

  expect(await screen.findByRole('heading', { name: 'Install the SALUS app first' })).toBeVisible();
  expect(screen.getByText(APP_VERSION_ID)).toBeVisible();
  expect(screen.getByText('Click Install App, then Install Custom App.')).toBeVisible();
  expect(
    screen.getByRole('link', { name: /Open Company Tools → App Management\./ }),
  ).toHaveAttribute('href', 'https://app.procore.example/4207/company/app_management');

  await user.click(screen.getByRole('button', { name: 'Copy App Version ID' }));
  await expect(navigator.clipboard.readText()).resolves.toBe(APP_VERSION_ID);
  expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();
});
