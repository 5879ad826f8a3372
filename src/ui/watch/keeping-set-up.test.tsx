import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { CompanyStatus, Watch, WatchDrift } from '../../api/contract.ts';
import {
  buildCompleteStatus,
  buildSession,
  buildStatus,
  buildStep,
  buildWatch,
  COMPANY_ID,
} from '../test/builders.ts';
import { renderApp, renderUi } from '../test/render.tsx';
import { server } from '../test/server.ts';
import { KeepingSetUp } from './keeping-set-up.tsx';

function withStatus(status: CompanyStatus) {
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
}

/** The whole app on a complete company that SALUS Setup keeps watching. */
async function openWatched(watch: Partial<Watch> = {}, status: Partial<CompanyStatus> = {}) {
  withStatus(buildCompleteStatus({ watch: buildWatch(watch), ...status }));
  const view = renderApp();
  const section = await screen.findByRole('region', { name: 'Keeping SALUS set up' });
  return { ...view, section };
}

/** What the section says, sentence by sentence (paragraphs and list items, in order). */
const sentences = (section: HTMLElement) =>
  [...section.querySelectorAll('p, li')].map((element) => element.textContent);

const tower = { id: '8500075', name: 'Tower C' };
const depot = { id: '8500076', name: 'North Depot' };

describe('before the first completion there is nothing to keep', () => {
  test('a complete company without a watch yet shows no section', async () => {
    withStatus(buildCompleteStatus({ watch: null }));
    renderApp();
    await screen.findByRole('heading', { name: /Setup complete/ });
    expect(screen.queryByRole('region', { name: 'Keeping SALUS set up' })).not.toBeInTheDocument();
    expect(screen.queryByText(/SALUS Setup/)).not.toBeInTheDocument();
  });

  test('a company never set up shows no section either', async () => {
    withStatus(buildStatus({ watch: null }));
    renderApp();
    await screen.findByRole('button', { name: 'Fix permissions' });
    expect(screen.queryByRole('heading', { name: 'Keeping SALUS set up' })).not.toBeInTheDocument();
  });

  test('the component itself renders nothing for a null watch', () => {
    const { container } = renderUi(
      <KeepingSetUp status={buildCompleteStatus({ watch: null })} fixOffered={false} />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});

describe('while watching, it says how SALUS Setup hears of changes', () => {
  test('events on: Procore tells it, it checks daily, and when it last checked and heard', async () => {
    const { section } = await openWatched();
    expect(sentences(section)).toEqual([
      'Procore tells SALUS Setup when a project is created or the SALUS account changes. SALUS Setup also checks every day, as the SALUS account itself.',
      expect.stringMatching(/^Last checked as the SALUS account: March 5, 2026.*\.$/),
      expect.stringMatching(/^Next check: March 6, 2026.*\.$/),
      expect.stringMatching(/^Last heard from Procore: March 4, 2026.*\.$/),
    ]);
    // The screen's own "Last checked on" stays the live check's, said once.
    expect(screen.getAllByText(/^Last checked on /)).toHaveLength(1);
    expect(within(section).queryByRole('list')).not.toBeInTheDocument();
  });

  test('nothing heard from Procore yet: no such line', async () => {
    const { section } = await openWatched({ lastEventAt: null });
    expect(within(section).queryByText(/Last heard from Procore/)).not.toBeInTheDocument();
  });

  test('not checked yet: it says so rather than showing a date', async () => {
    const { section } = await openWatched({ lastVerifiedAt: null });
    expect(within(section).getByText('Not checked as the SALUS account yet.')).toBeVisible();
  });

  test('events not allowed: accept the app update in App Management, which resets projects', async () => {
    const { section } = await openWatched({ events: 'not-allowed', lastEventAt: null });
    expect(sentences(section).slice(0, 2)).toEqual([
      'Procore does not send changes to this version of the SALUS app yet, so SALUS Setup checks once a day, as the SALUS account itself. To hear from Procore as soon as a project is created or the SALUS account changes, accept the SALUS app update in Company Tools → App Management.',
      'Accepting an app update makes Procore reset which projects the SALUS account is on; SALUS Setup checks them again after the update.',
    ]);
    expect(within(section).queryByText(/tells SALUS Setup when/)).not.toBeInTheDocument();
  });

  test('events pending: a daily check, and Procore is still being asked', async () => {
    const { section } = await openWatched({ events: 'pending', lastEventAt: null });
    expect(sentences(section)[0]).toBe(
      'SALUS Setup checks once a day, as the SALUS account itself. It is still asking Procore to tell it when a project is created or the SALUS account changes.',
    );
    expect(within(section).queryByText(/App Management/)).not.toBeInTheDocument();
  });

  test('events unavailable: a daily check, which finds the same problems later', async () => {
    const { section } = await openWatched({ events: 'unavailable', lastEventAt: null });
    expect(sentences(section)[0]).toBe(
      'Procore does not tell SALUS Setup about changes in this company, so SALUS Setup checks once a day, as the SALUS account itself: it finds the same problems, only later.',
    );
    expect(within(section).queryByText(/App Management/)).not.toBeInTheDocument();
  });

  test('new projects the SALUS account cannot see: since when, and when they are checked', async () => {
    const { section } = await openWatched({
      events: 'not-allowed',
      newProjectsUnverifiedSince: '2026-03-02T12:00:00Z',
    });
    expect(
      within(section).getByText(
        /^The SALUS account only sees the projects it is on: a project created since March 2, 2026.* that SALUS Setup has not heard about is checked the next time an admin opens SALUS Setup\.$/,
      ),
    ).toBeVisible();
  });
});

describe('stopped', () => {
  test('it says why it stopped, and nothing about checks that no longer happen', async () => {
    const { section } = await openWatched({
      state: 'stopped',
      newProjectsUnverifiedSince: '2026-03-02T12:00:00Z',
    });
    expect(sentences(section)).toEqual([
      'SALUS Setup stopped checking because the SALUS app is no longer installed or connected in this company.',
      expect.stringMatching(/^Last checked as the SALUS account: March 5, 2026/),
      expect.stringMatching(/^Last heard from Procore: March 4, 2026/),
    ]);
    expect(within(section).queryByText(/Next check|every day|once a day/)).not.toBeInTheDocument();
    expect(within(section).queryByText(/created since/)).not.toBeInTheDocument();
  });

  test('never checked before it stopped: no "not checked yet" promise', async () => {
    const { section } = await openWatched({ state: 'stopped', lastVerifiedAt: null });
    expect(within(section).queryByText(/Not checked/)).not.toBeInTheDocument();
  });
});

describe('what it found since setup was complete, one line each, oldest first', () => {
  const since = '2026-03-04T12:00:00Z';
  test.each<[string, WatchDrift, RegExp]>([
    [
      'a project the account is not on',
      { kind: 'not-on-project', project: tower, since },
      /^The SALUS account is not on Tower C \(since March 4, 2026.*\)\.$/,
    ],
    [
      'a project the account was removed from',
      { kind: 'left-project', project: tower, since },
      /^The SALUS account was removed from Tower C \(noticed March 4, 2026.*\)\.$/,
    ],
    [
      'a project with another template',
      { kind: 'project-template', project: tower, templateName: 'Standard Employee', since },
      /^On Tower C, the SALUS account has the “Standard Employee” permission template instead of “SALUS Project Integration” \(since March 4, 2026.*\)\.$/,
    ],
    [
      'a project with no template',
      { kind: 'project-template', project: tower, templateName: null, since },
      /^On Tower C, the SALUS account has no permission template; it needs “SALUS Project Integration” \(since March 4, 2026.*\)\.$/,
    ],
    [
      'the company template changed',
      {
        kind: 'account-setting',
        field: 'company_permission_template_id',
        now: 'Standard Employee',
        since,
      },
      /^The SALUS account’s company permission template is now “Standard Employee” \(since March 4, 2026.*\)\.$/,
    ],
    [
      'the company template removed',
      { kind: 'account-setting', field: 'company_permission_template_id', now: null, since },
      /^The SALUS account no longer has a company permission template \(since March 4, 2026.*\)\.$/,
    ],
    [
      'the template for new projects changed',
      {
        kind: 'account-setting',
        field: 'default_permission_template_id',
        now: 'Standard Employee',
        since,
      },
      /^The SALUS account’s default template for new projects is now “Standard Employee” \(since March 4, 2026.*\)\.$/,
    ],
    [
      'the template for new projects removed',
      { kind: 'account-setting', field: 'default_permission_template_id', now: null, since },
      /^The SALUS account no longer has a default template for new projects \(since March 4, 2026.*\)\.$/,
    ],
    [
      'no longer added to new projects',
      { kind: 'account-setting', field: 'add_to_new_projects', now: false, since },
      /^The SALUS account is no longer added to new projects automatically \(since March 4, 2026.*\)\.$/,
    ],
    [
      'Procore no longer reports the new-projects setting',
      { kind: 'account-setting', field: 'add_to_new_projects', now: null, since },
      /^“Add to all new projects” is now unknown for the SALUS account \(since March 4, 2026.*\)\.$/,
    ],
  ])('%s', (_, drift, line) => {
    renderUi(
      <KeepingSetUp status={buildStatus({ watch: buildWatch({ drift: [drift] }) })} fixOffered />,
    );
    const found = screen.getByRole('region', { name: 'Found since setup was complete' });
    const items = within(within(found).getByRole('list')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([expect.stringMatching(line)]);
    // Names, never Procore's ids.
    expect(found).not.toHaveTextContent(tower.id);
  });

  test('without the SALUS project template’s name, it is named for what it is', () => {
    const status = buildStatus({
      watch: buildWatch({
        drift: [
          {
            kind: 'project-template',
            project: tower,
            templateName: 'Standard Employee',
            since: '2026-03-04T12:00:00Z',
          },
        ],
      }),
    });
    status.steps[4] = buildStep('new-projects', { state: 'cannot-check', details: null });
    renderUi(<KeepingSetUp status={status} fixOffered={false} />);
    expect(
      screen.getByText(
        /^On Tower C, the SALUS account has the “Standard Employee” permission template instead of the SALUS project template/,
      ),
    ).toBeVisible();
  });

  test('on a drifted company: the list in order, the Fix permissions button pointed to, not repeated', async () => {
    const status = buildStatus({
      completion: buildCompleteStatus().completion,
      watch: buildWatch({
        drift: [
          { kind: 'left-project', project: depot, since: '2026-03-03T15:00:00Z' },
          { kind: 'not-on-project', project: tower, since: '2026-03-04T12:00:00Z' },
          {
            kind: 'account-setting',
            field: 'add_to_new_projects',
            now: false,
            since: '2026-03-05T12:00:00Z',
          },
        ],
      }),
    });
    withStatus(status);
    renderApp();
    const section = await screen.findByRole('region', { name: 'Keeping SALUS set up' });
    const found = within(section).getByRole('region', { name: 'Found since setup was complete' });
    expect(
      within(found)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      expect.stringMatching(/^The SALUS account was removed from North Depot \(noticed March 3/),
      expect.stringMatching(/^The SALUS account is not on Tower C \(since March 4/),
      expect.stringMatching(/^The SALUS account is no longer added to new projects .*March 5/),
    ]);
    expect(
      within(found).getByText(
        'Each stays listed until a later check finds it put right. SALUS support is told about them too.',
      ),
    ).toBeVisible();
    expect(
      within(found).getByText(
        'Fix permissions, at the top of this page, puts them right; it shows every change before making it.',
      ),
    ).toBeVisible();
    // One button of each name on the page, and the badge's phrase nowhere.
    expect(screen.getAllByRole('button', { name: 'Fix permissions' })).toHaveLength(1);
    expect(within(section).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByText(/Setup complete/)).not.toBeInTheDocument();
    // The banner above says something changed; the section says what and since when, once.
    expect(screen.getAllByText(/something has changed since/)).toHaveLength(1);
  });

  test('someone who cannot fix is not pointed to a button they do not have', async () => {
    const status = buildStatus({
      viewer: { canFix: false },
      completion: buildCompleteStatus().completion,
      watch: buildWatch({
        drift: [{ kind: 'not-on-project', project: tower, since: '2026-03-04T12:00:00Z' }],
      }),
    });
    withStatus(status);
    renderApp();
    const section = await screen.findByRole('region', { name: 'Keeping SALUS set up' });
    expect(within(section).getByText(/is not on Tower C/)).toBeVisible();
    expect(within(section).queryByText(/Fix permissions/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();
  });

  test('on a complete company the fix is not offered, so it is not pointed to', async () => {
    const { section } = await openWatched({
      drift: [{ kind: 'not-on-project', project: tower, since: '2026-03-04T12:00:00Z' }],
    });
    expect(within(section).getByText(/is not on Tower C/)).toBeVisible();
    expect(within(section).queryByText(/Fix permissions/)).not.toBeInTheDocument();
    expect(screen.getAllByText(/Setup complete/)).toHaveLength(1);
  });
});

test('the section follows the checklist in the outline, in plain words', async () => {
  const { section } = await openWatched({
    events: 'not-allowed',
    newProjectsUnverifiedSince: '2026-03-02T12:00:00Z',
    drift: [
      {
        kind: 'project-template',
        project: tower,
        templateName: null,
        since: '2026-03-04T12:00:00Z',
      },
    ],
  });
  const headings = screen
    .getAllByRole('heading')
    .filter((heading) => heading.tagName !== 'H3' || section.contains(heading))
    .map((heading) => `${heading.tagName} ${heading.textContent}`);
  expect(headings).toEqual([
    'H1 SALUS setup for Acme Builders',
    'H2 ✓ Setup complete',
    'H2 Checklist',
    'H2 Keeping SALUS set up',
    'H3 Found since setup was complete',
  ]);
  const text = section.textContent ?? '';
  expect(text).not.toMatch(/webhook|token|reconcil|drift|\bAPI\b|\bjob|\b\d{6,}\b|[a-z]+_[a-z]+/i);
});

test('an open checklist learns of a new finding without a reload, and checks again to name it', async () => {
  // The demo looks every two seconds (a real company every 30).
  server.use(http.get('/api/session', () => HttpResponse.json(buildSession({ demo: true }))));
  const tower = { id: '2001', name: 'Tower C' };
  const since = '2026-03-04T12:00:00Z';
  let found = false;
  let statusAsked = 0;
  server.use(
    http.get(`/api/companies/${COMPANY_ID}/status`, () => {
      statusAsked += 1;
      return HttpResponse.json(
        found
          ? buildStatus({
              completion: buildCompleteStatus().completion,
              watch: buildWatch({ drift: [{ kind: 'not-on-project', project: tower, since }] }),
            })
          : buildCompleteStatus({ watch: buildWatch() }),
      );
    }),
    // The store knows the project only by its id: the SALUS account cannot read it.
    http.get(`/api/companies/${COMPANY_ID}/watch`, () =>
      HttpResponse.json({
        watch: buildWatch(
          found
            ? { drift: [{ kind: 'not-on-project', project: { ...tower, name: null }, since }] }
            : {},
        ),
      }),
    ),
  );
  renderApp();
  const section = await screen.findByRole('region', { name: 'Keeping SALUS set up' });
  expect(within(section).queryByRole('listitem')).not.toBeInTheDocument();
  expect(statusAsked).toBe(1);

  found = true;
  expect(
    await within(section).findByText(/^The SALUS account is not on Tower C \(since /, undefined, {
      timeout: 5_000,
    }),
  ).toBeVisible();
  // The checklist checked again (once) and agrees: no badge, the banner instead.
  expect(statusAsked).toBe(2);
  expect(screen.queryByText(/Setup complete/)).not.toBeInTheDocument();
  expect(screen.getByText(/something has changed since/)).toBeVisible();
});
