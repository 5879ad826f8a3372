import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { buildPlan, buildStatus, buildStep, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

test('someone who is not a Directory admin gets the checks and a message for an admin', async () => {
  const status = buildStatus({ viewer: { canFix: false } });
  status.steps[0] = buildStep('admin', {
    state: 'needs-attention',
    reason: { code: 'not-directory-admin', accessLevel: 'Read Only' },
    details: { isAdmin: false, accessLevel: 'Read Only' },
  });
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)),
    // The server blocks the plan on the viewer's own access: the admin who gets it is not.
    http.get(`/api/companies/${COMPANY_ID}/plan`, () =>
      HttpResponse.json(buildPlan({ planId: null, blockedBy: { step: 'admin' } })),
    ),
  );
  const { user } = renderApp();

  expect(
    await screen.findByRole('heading', { name: 'Only a Directory admin can apply the fix' }),
  ).toBeVisible();
  const message = await screen.findByRole('textbox', { name: 'Message for your Procore admin' });
  expect(message).toHaveValue(
    [
      'Hello, SALUS needs a few permission changes in our Procore company Acme Builders (4207).',
      'In Company Tools → Directory, edit the user salus-integration-1a2b3c4d:',
      '- Company permissions template: none → SALUS Integration Account',
      '- Add to all new projects: off → on',
      '- Default template for new projects: Standard Employee → SALUS Project Integration',
      '- Add it to 1,163 more projects (Current Project Settings → Add All).',
      '- Give it the SALUS Project Integration template on 5 projects.',
      'Or open SALUS Setup for Procore from Company Tools → Apps and apply the fix there in one click.',
    ].join('\n'),
  );
  expect(message).toHaveAttribute('readonly');
  expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();
  // What the viewer has, not a change the app would make to it.
  expect(screen.getByText('Your Directory access: Read Only')).toBeVisible();
  expect(screen.queryByText(/Your Directory access: .*→/)).not.toBeInTheDocument();

  await user.click(screen.getByRole('button', { name: 'Copy message' }));
  expect(await screen.findByText('Copied.')).toBeVisible();
  await expect(navigator.clipboard.readText()).resolves.toBe(
    (message as HTMLTextAreaElement).value,
  );
});
