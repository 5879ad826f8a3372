import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ProjectPage } from '../../api/contract.ts';
import { buildStatus, buildStep, COMPANY_ID } from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

const PER_PAGE = 100;

/** A company with 250 projects missing the account and 3 on another template. */
function projectServer() {
  const projects = {
    missing: Array.from({ length: 250 }, (_, i) => ({
      id: String(5000 + i),
      name: `Site ${i + 1}`,
      projectNumber: `P-${i + 1}`,
      template: null,
    })),
    'wrong-template': ['Harbor', 'Depot', 'Mill'].map((name, i) => ({
      id: String(9000 + i),
      name,
      projectNumber: null,
      template: 'Standard Employee',
    })),
    inactive: [],
  };
  const status = buildStatus();
  status.steps[5] = buildStep('project-access', {
    state: 'needs-attention',
    details: {
      activeTotal: 300,
      onWithTemplate: 47,
      missing: 250,
      wrongTemplate: 3,
      inactiveTotal: 0,
    },
  });
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)),
    http.get(`/api/companies/${COMPANY_ID}/projects`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const filter = query.get('filter') as keyof typeof projects;
      const search = (query.get('search') ?? '').toLowerCase();
      const page = Number(query.get('page'));
      const matching = projects[filter].filter((p) => p.name.toLowerCase().includes(search));
      return HttpResponse.json<ProjectPage>({
        items: matching.slice((page - 1) * PER_PAGE, page * PER_PAGE),
        page,
        perPage: PER_PAGE,
        total: matching.length,
      });
    }),
  );
}

const rowNames = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);

test('the projects to fix are listed in full, page by page', async () => {
  projectServer();
  const { user } = renderApp();
  const toggle = await screen.findByRole('button', { name: 'The 253 projects to fix' });
  expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await user.click(toggle);
  expect(toggle).toHaveAttribute('aria-expanded', 'true');

  const seen: (string | null)[] = [];
  await screen.findByText('1–100 of 250, page 1 of 3');
  seen.push(...rowNames());
  await user.click(screen.getByRole('button', { name: 'Next page' }));
  await screen.findByText('101–200 of 250, page 2 of 3');
  seen.push(...rowNames());
  await user.click(screen.getByRole('button', { name: 'Next page' }));
  await screen.findByText('201–250 of 250, page 3 of 3');
  seen.push(...rowNames());

  expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => `Site ${i + 1}`));
  expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await user.click(screen.getByRole('button', { name: 'Previous page' }));
  await screen.findByText('101–200 of 250, page 2 of 3');
});

test('a long list jumps to its last page and back to the first', async () => {
  projectServer();
  const { user } = renderApp();
  await user.click(await screen.findByRole('button', { name: 'The 253 projects to fix' }));
  await screen.findByText('1–100 of 250, page 1 of 3');
  expect(screen.getByRole('button', { name: 'First page' })).toBeDisabled();

  await user.click(screen.getByRole('button', { name: 'Last page' }));
  await screen.findByText('201–250 of 250, page 3 of 3');
  expect(rowNames()).toEqual(Array.from({ length: 50 }, (_, i) => `Site ${201 + i}`));
  expect(screen.getByRole('button', { name: 'Last page' })).toBeDisabled();

  await user.click(screen.getByRole('button', { name: 'First page' }));
  await screen.findByText('1–100 of 250, page 1 of 3');
});

test('search and filter go to the server and start again at page 1', async () => {
  projectServer();
  const { user } = renderApp();
  await user.click(await screen.findByRole('button', { name: 'The 253 projects to fix' }));
  await screen.findByText('1–100 of 250, page 1 of 3');
  await user.click(screen.getByRole('button', { name: 'Next page' }));
  await screen.findByText('101–200 of 250, page 2 of 3');

  await user.type(
    screen.getByRole('searchbox', { name: 'Search projects by name or number' }),
    'site 24',
  );
  await user.click(screen.getByRole('button', { name: 'Search' }));
  await screen.findByText('1–11 of 11, page 1 of 1');
  expect(rowNames()).toEqual([
    'Site 24',
    ...Array.from({ length: 10 }, (_, i) => `Site ${240 + i}`),
  ]);

  await user.clear(screen.getByRole('searchbox', { name: 'Search projects by name or number' }));
  await user.click(screen.getByRole('button', { name: 'Search' }));
  // Procore's own dropdown (core-react's Select), not the browser's.
  expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Show Missing the service account (250)' }));
  await user.click(await screen.findByRole('option', { name: 'With another template (3)' }));
  await screen.findByText('1–3 of 3, page 1 of 1');
  expect(rowNames()).toEqual(['Harbor', 'Depot', 'Mill']);
  expect(within(screen.getByRole('table')).getAllByText('Standard Employee')).toHaveLength(3);
});
