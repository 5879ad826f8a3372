import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { buildStatus, buildStep, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

test('someone who is not a Directory admin gets the checks and a message for an admin', async () => {
  const status = buildStatus({ viewer: { canFix: false } });
  status.steps[0] = buildStep('admin', {
    state: 'needs-attention',
    details: { isAdmin: false, accessLevel: 'readonly' },
  });
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
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
  expect(screen.getByText('Your Directory access: readonly → Admin')).toBeVisible();

  await user.click(screen.getByRole('button', { name: 'Copy message' }));
  expect(await screen.findByText('Copied.')).toBeVisible();
  await expect(navigator.clipboard.readText()).resolves.toBe(
    (message as HTMLTextAreaElement).value,
  );
});
