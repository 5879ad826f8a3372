import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { buildPlan, buildRun, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { recordRequests, server } from '../test/server.ts';

async function openReview() {
  const view = renderApp();
  await view.user.click(await screen.findByRole('button', { name: 'Fix permissions' }));
  const dialog = await screen.findByRole('dialog', { name: 'Review the changes' });
  await within(dialog).findByText(/This is exactly what Apply changes will do/);
  return { ...view, dialog };
}

test('the review shows every change with template names, project counts, requests and time', async () => {
  const { dialog } = await openReview();
  const review = within(dialog);
  expect(review.getByText('On the directory user salus-integration-1a2b3c4d:')).toBeVisible();
  expect(
    review.getByText('Company permissions template: none → SALUS Integration Account'),
  ).toBeVisible();
  expect(review.getByText('Add to all new projects: off → on')).toBeVisible();
  expect(
    review.getByText(
      'Default template for new projects: Standard Employee → SALUS Project Integration',
    ),
  ).toBeVisible();
  expect(
    review.getByText('Add the service account to 1,163 projects with the SALUS project template.'),
  ).toBeVisible();
  expect(review.getByText('Switch 5 projects to the SALUS project template.')).toBeVisible();
  expect(review.getByText(/About 1,172 requests to Procore/)).toHaveTextContent(
    'estimated time: 8 minutes. Procore usually allows 3,600 requests an hour',
  );
  expect(dialog).toContainElement(document.activeElement as HTMLElement);
});

test('Apply changes starts the run and hands over to its progress', async () => {
  const { dialog, user } = await openReview();
  await user.click(within(dialog).getByRole('button', { name: 'Apply changes' }));

  const progress = await screen.findByRole('heading', { name: 'Applying the changes' });
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(progress).toHaveFocus();
  expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();
});

test('Cancel closes the review and changes nothing', async () => {
  const { dialog, user } = await openReview();
  const requests = recordRequests();
  await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(requests.filter((request) => request.startsWith('POST'))).toEqual([]);
  // react-aria's FocusScope gives focus back on the next animation frame.
  await waitFor(() =>
    expect(screen.getByRole('button', { name: 'Fix permissions' })).toHaveFocus(),
  );
});

test('Escape closes the review too', async () => {
  const { user } = await openReview();
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
});

test('missing SALUS templates: the review names each one with its tool levels, then applies', async () => {
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/plan`, () =>
      HttpResponse.json(
        buildPlan({
          createTemplates: [
            {
              name: 'SALUS Integration Account',
              kind: 'company',
              levels: { directory: 'read_only' },
            },
            {
              name: 'SALUS Project Integration',
              kind: 'project',
              levels: { directory: 'read_only', daily_log: 'standard' },
            },
          ],
          userChanges: [
            {
              field: 'company_permission_template_id',
              from: null,
              to: null,
              toName: 'SALUS Integration Account',
            },
          ],
        }),
      ),
    ),
  );
  const { dialog } = await openReview();
  const review = within(dialog);
  const company = review.getByText(
    /Create the company permissions template “SALUS Integration Account” with:/,
  );
  expect(within(company.closest('li')!).getByText('Directory: Read Only')).toBeVisible();
  const project = review.getByText(
    /Create the project permissions template “SALUS Project Integration” \(Global\) with:/,
  );
  expect(within(project.closest('li')!).getByText('Daily Log: Standard')).toBeVisible();
  expect(
    review.getByText('Company permissions template: none → SALUS Integration Account'),
  ).toBeVisible();
  expect(review.getByRole('button', { name: 'Apply changes' })).toBeEnabled();
});

test('a blocked plan is explained instead of offering to apply it', async () => {
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/plan`, () =>
      HttpResponse.json(
        buildPlan({
          // The step whose reason explains it (here: the account is not added to new projects).
          blockedBy: { step: 'new-projects' },
        }),
      ),
    ),
  );
  const { dialog } = await openReview();
  expect(within(dialog).getByRole('alert')).toHaveTextContent(
    'These changes cannot be applied yet: The SALUS account is not added to new projects, so every project created from now on would miss it.',
  );
  expect(within(dialog).queryByRole('button', { name: 'Apply changes' })).not.toBeInTheDocument();
});

test('"Try it on one project first" is off by default; checked, Apply changes starts a trial', async () => {
  const { dialog, user } = await openReview();
  const review = within(dialog);
  const option = review.getByRole('checkbox', { name: 'Try it on one project first' });
  expect(option).not.toBeChecked();
  expect(screen.getAllByRole('button', { name: 'Apply changes' })).toHaveLength(1);

  const bodies: unknown[] = [];
  server.use(
    http.post(`/api/companies/${COMPANY_ID}/runs`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(buildRun());
    }),
  );
  await user.click(option);
  expect(option).toBeChecked();
  expect(review.getByText(/add it to one project only/)).toBeVisible();
  await user.click(review.getByRole('button', { name: 'Apply changes' }));

  await screen.findByRole('heading', { name: 'Applying the changes' });
  expect(bodies).toEqual([{ planId: buildPlan().planId, trial: true }]);
});

test('a review Apply refuses as out of date is replaced by a fresh one, which Apply then runs', async () => {
  const { dialog, user } = await openReview();
  const review = within(dialog);
  const fresh = buildPlan({ planId: '0b9f5b8e-3c1d-4a8e-9f2a-6d7e8f9a0b1c', addProjects: 1164 });
  const bodies: unknown[] = [];
  server.use(
    http.post(`/api/companies/${COMPANY_ID}/runs`, async ({ request }) => {
      const body = (await request.json()) as { planId: string };
      bodies.push(body);
      if (body.planId !== fresh.planId)
        return HttpResponse.json(
          { error: { code: 'plan-stale', message: 'stale', stale: 'changed' } },
          { status: 409 },
        );
      return HttpResponse.json(buildRun());
    }),
    http.get(`/api/companies/${COMPANY_ID}/plan`, () => HttpResponse.json(fresh)),
  );
  await user.click(review.getByRole('button', { name: 'Apply changes' }));

  expect(
    await review.findByText(
      'Something changed in Procore since this review, so nothing was changed. Here is a fresh one: check it, then apply again.',
    ),
  ).toBeVisible();
  expect(
    await review.findByText(
      'Add the service account to 1,164 projects with the SALUS project template.',
    ),
  ).toBeVisible();
  await user.click(await review.findByRole('button', { name: 'Apply changes' }));
  await screen.findByRole('heading', { name: 'Applying the changes' });
  expect(bodies).toEqual([
    { planId: buildPlan().planId, trial: false },
    { planId: fresh.planId, trial: false },
  ]);
});

test('a flag Procore did not report reads "unknown → on", and the review says why once', async () => {
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/plan`, () =>
      HttpResponse.json(
        buildPlan({
          userChanges: [
            { field: 'company_permission_template_id', from: '33', to: '11' },
            { field: 'add_to_new_projects', from: null, to: true },
          ],
          addProjects: 0,
          retemplateProjects: 0,
        }),
      ),
    ),
  );
  const { dialog } = await openReview();
  const review = within(dialog);
  expect(review.getByText('Add to all new projects: unknown → on')).toBeVisible();
  expect(review.getAllByText(/Procore does not report whether/)).toHaveLength(1);
  // Every change listed has two different sides.
  for (const item of review.getAllByRole('listitem')) {
    const [, from, to] = /: (.+) → (.+)$/.exec(item.textContent ?? '') ?? [];
    if (from !== undefined) expect(from).not.toBe(to);
  }
});

test('a flag Procore reported off reads "off → on" with no note', async () => {
  const { dialog } = await openReview();
  expect(within(dialog).getByText('Add to all new projects: off → on')).toBeVisible();
  expect(within(dialog).queryByText(/Procore does not report whether/)).not.toBeInTheDocument();
});
