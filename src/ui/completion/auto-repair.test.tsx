import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { AutoRepair, CompanyStatus } from '../../api/contract.ts';
import {
  buildAutoRepair,
  buildCompleteStatus,
  buildStatus,
  buildWatch,
  COMPANY_ID,
} from '../test/builders.ts';
import { renderApp } from '../test/render.tsx';
import { server } from '../test/server.ts';

const OFF: AutoRepair = buildAutoRepair({ state: 'off', admin: null, since: null });
const LABEL = 'Keep SALUS set up automatically';

/** The server's side: the status, the grant (what the consent turns on), and the two writes. */
function withCompany(autoRepair: AutoRepair, status: Partial<CompanyStatus> = {}) {
  let current = autoRepair;
  const calls: string[] = [];
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () =>
      HttpResponse.json(
        buildCompleteStatus({ watch: buildWatch(), autoRepair: current, ...status }),
      ),
    ),
    http.get(`/api/companies/${COMPANY_ID}/auto-repair`, () => HttpResponse.json(current)),
    http.post(`/api/companies/${COMPANY_ID}/auto-repair`, () => {
      calls.push('start');
      return HttpResponse.json({ startUrl: '/auth/start?state=abc' }, { status: 201 });
    }),
    http.post(`/api/companies/${COMPANY_ID}/auto-repair/off`, () => {
      calls.push('off');
      current = OFF;
      return HttpResponse.json(current);
    }),
  );
  return {
    calls,
    /** Procore's window: the admin selected Allow, and the server kept the grant. */
    allowed() {
      current = buildAutoRepair({ since: '2026-03-04T08:00:00Z' });
    },
  };
}

async function badge() {
  const title = await screen.findByRole('heading', { name: /Setup complete/ });
  return title.closest('section')!;
}

test('off by default, with one sentence on what it does and how to turn it off', async () => {
  withCompany(OFF);
  renderApp();
  const box = await within(await badge()).findByRole('checkbox', { name: LABEL });
  expect(box).not.toBeChecked();
  expect(box).toHaveAccessibleDescription(
    /put right on your behalf with your own Procore sign-in, changing only the SALUS account’s settings and project memberships\. To turn it off, clear this box\.$/,
  );
});

test('ticking it opens Procore’s window from a click, and shows it on once allowed there', async () => {
  const company = withCompany(OFF);
  const open = vi.spyOn(window, 'open').mockReturnValue({ closed: false } as Window);
  const { user } = renderApp();
  await user.click(await within(await badge()).findByRole('checkbox', { name: LABEL }));
  // Nothing is on until the admin allows it in Procore.
  const allow = await screen.findByRole('button', { name: 'Allow in Procore' });
  expect(company.calls).toEqual(['start']);
  await user.click(allow);
  expect(open).toHaveBeenCalledWith(
    '/auth/start?state=abc',
    'salus-auto-repair',
    expect.stringContaining('popup'),
  );
  expect(await screen.findByRole('status')).toHaveTextContent(/Waiting for you to select Allow/);
  company.allowed();
  expect(
    await screen.findByText(
      /^Turned on by Ada Admin on March 4, 2026.*\. Repairs are made with Ada Admin’s Procore sign-in\.$/,
    ),
  ).toBeVisible();
  expect(screen.getByRole('checkbox', { name: LABEL })).toBeChecked();
});

test('a blocked window says so and offers it again', async () => {
  withCompany(OFF);
  vi.spyOn(window, 'open').mockReturnValue(null);
  const { user } = renderApp();
  await user.click(await within(await badge()).findByRole('checkbox', { name: LABEL }));
  await user.click(await screen.findByRole('button', { name: 'Allow in Procore' }));
  expect(await screen.findByText(/Your browser blocked Procore’s window/)).toBeVisible();
  expect(screen.getByRole('button', { name: 'Allow in Procore' })).toBeVisible();
});

test('clearing it turns it off', async () => {
  const company = withCompany(buildAutoRepair());
  const { user } = renderApp();
  const box = await within(await badge()).findByRole('checkbox', { name: LABEL });
  expect(box).toBeChecked();
  await user.click(box);
  expect(company.calls).toEqual(['off']);
  await expect.poll(() => screen.getByRole('checkbox', { name: LABEL })).not.toBeChecked();
  expect(screen.queryByText(/^Turned on by/)).not.toBeInTheDocument();
});

test('paused: says who must allow it again, and how', async () => {
  withCompany(buildAutoRepair({ state: 'paused', pausedReason: 'sign-in-again' }));
  renderApp();
  const section = await badge();
  expect(
    await within(section).findByText(
      'Automatic repair is paused: Procore no longer accepts the permission Ada Admin gave. To start it again, Ada Admin (or another Directory admin) selects “Allow again in Procore”, then Allow in Procore’s window.',
    ),
  ).toBeVisible();
  expect(within(section).getByRole('button', { name: 'Allow again in Procore' })).toBeVisible();
});

test('changed after completion (no badge): a paused repair is still shown under Keeping SALUS set up, and can be cleared', async () => {
  const paused = buildAutoRepair({ state: 'paused', pausedReason: 'not-admin' });
  const company = withCompany(paused);
  // The SALUS account is no longer on a project: the checklist needs attention, no badge.
  const drifted = buildStatus({
    completion: buildCompleteStatus().completion,
    watch: buildWatch({
      drift: [
        {
          kind: 'not-on-project',
          project: { id: '88', name: 'Harbor Tower' },
          since: '2026-03-04T12:00:00Z',
        },
      ],
    }),
    autoRepair: paused,
  });
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () =>
      HttpResponse.json(company.calls.includes('off') ? { ...drifted, autoRepair: OFF } : drifted),
    ),
  );
  const { user } = renderApp();
  const keeping = await screen.findByRole('region', { name: 'Keeping SALUS set up' });
  expect(screen.queryByRole('heading', { name: /Setup complete/ })).not.toBeInTheDocument();
  expect(
    await within(keeping).findByText(
      'Automatic repair is paused: Ada Admin no longer has Admin on the company Directory. To start it again, a Directory admin selects “Allow again in Procore”, then Allow in Procore’s window.',
    ),
  ).toBeVisible();
  expect(within(keeping).getByRole('button', { name: 'Allow again in Procore' })).toBeVisible();
  await user.click(within(keeping).getByRole('checkbox', { name: LABEL }));
  expect(company.calls).toEqual(['off']);
  // Off, and the company still needs attention: nothing of automatic repair is left to show.
  await expect
    .poll(() => within(keeping).queryByRole('checkbox', { name: LABEL }))
    .not.toBeInTheDocument();
});

test('someone without Directory admin sees it but cannot change it', async () => {
  withCompany(buildAutoRepair(), { viewer: { canFix: false } });
  renderApp();
  const box = await within(await badge()).findByRole('checkbox', { name: LABEL });
  expect(box).toBeChecked();
  expect(box).toBeDisabled();
  expect(screen.getByText('Only a Directory admin can change this.')).toBeVisible();
});

test('in Spanish and French, in Procore’s words', async () => {
  withCompany(OFF);
  const es = renderApp(`/?company_id=${COMPANY_ID}&locale=es`);
  expect(
    await screen.findByRole('checkbox', { name: 'Mantener SALUS configurado automáticamente' }),
  ).not.toBeChecked();
  es.unmount();
  renderApp(`/?company_id=${COMPANY_ID}&locale=fr`);
  expect(
    await screen.findByRole('checkbox', { name: 'Maintenir SALUS configuré automatiquement' }),
  ).toHaveAccessibleDescription(/Pour l’arrêter, décochez cette case\.$/);
});

test('a repair that starts while the page is open shows up on the badge', async () => {
  const before = buildAutoRepair();
  let statusReads = 0;
  let current = before;
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () => {
      statusReads += 1;
      return HttpResponse.json(buildCompleteStatus({ watch: buildWatch(), autoRepair: current }));
    }),
    http.get(`/api/companies/${COMPANY_ID}/auto-repair`, () => {
      // The server started a repair meanwhile.
      current = buildAutoRepair({ lastRepair: { runId: 'run-9', at: '2026-03-04T10:00:00Z' } });
      return HttpResponse.json(current);
    }),
  );
  renderApp();
  const section = await badge();
  expect(await within(section).findByText(/^Last automatic repair: March 4, 2026/)).toBeVisible();
  // Read again for the repair (the open checklist's own watch may read it once more).
  expect(statusReads).toBeGreaterThanOrEqual(2);
});

test('completed by an automatic repair: the badge says so, on whose behalf', async () => {
  const repair = { runId: 'run-9', at: '2026-03-04T10:00:00Z' };
  const completed = buildCompleteStatus().completion!;
  withCompany(buildAutoRepair({ lastRepair: repair }), {
    completion: { ...completed, runId: repair.runId, completedAt: '2026-03-04T10:01:00Z' },
  });
  renderApp();
  expect(
    await within(await badge()).findByText(
      /^Completed March 4, 2026.* by an automatic repair, on behalf of Ada Admin\.$/,
    ),
  ).toBeVisible();
  // Said once: not again as the last automatic repair.
  expect(screen.queryByText(/^Last automatic repair/)).not.toBeInTheDocument();
});
