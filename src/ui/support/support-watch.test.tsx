import { screen, within } from '@testing-library/react';
import type { SupportWatch } from '../../api/contract.ts';
import { buildSupportWatch } from '../test/builders.ts';
import { renderUi } from '../test/render.tsx';
import { WatchFacts } from './support-table.tsx';

/** The watch's facts as support reads them, one line each. */
function facts(watch: SupportWatch | null) {
  const { container } = renderUi(<WatchFacts watch={watch} />);
  return [...container.querySelectorAll('li, p')].map((line) => line.textContent);
}

test('before the first completion: not watched yet, and why', () => {
  expect(facts(null)).toEqual(['Not watched yet: setup never completed']);
});

test('watching with Procore events: when it last verified and last heard, nothing open', () => {
  expect(facts(buildSupportWatch())).toEqual([
    'Watching',
    'Procore events on',
    expect.stringMatching(/^Last verified March 5, 2026/),
    expect.stringMatching(/^Last event received March 4, 2026/),
    'No open problems found by the watch',
  ]);
});

test.each<[SupportWatch['events'], string]>([
  ['not-allowed', 'Events not allowed by the installed app version: daily check only'],
  ['unavailable', 'Events refused by Procore: daily check only'],
  ['pending', 'Events being set up: daily check only'],
])('events %s: said as the daily check it leaves', (events, line) => {
  expect(facts(buildSupportWatch({ events, lastEventAt: null }))).toEqual([
    'Watching',
    line,
    expect.stringMatching(/^Last verified /),
    'No event received yet',
    'No open problems found by the watch',
  ]);
});

test('open problems: how many, since the oldest, of which kinds; new projects unverified since', () => {
  expect(
    facts(
      buildSupportWatch({
        events: 'not-allowed',
        openDrift: 3,
        driftSince: '2026-03-03T12:00:00Z',
        driftKinds: ['not-on-project', 'left-project', 'project-template', 'account-setting'],
        newProjectsUnverifiedSince: '2026-03-02T12:00:00Z',
      }),
    ).slice(4),
  ).toEqual([
    expect.stringMatching(
      /^3 open problems, oldest since March 3, 2026.*: not on a project, removed from a project, another template on a project, and an account setting changed$/,
    ),
    expect.stringMatching(/^New projects unverified since March 2, 2026/),
  ]);
});

test('one open problem is singular', () => {
  const lines = facts(
    buildSupportWatch({
      openDrift: 1,
      driftSince: '2026-03-03T12:00:00Z',
      driftKinds: ['left-project'],
    }),
  );
  expect(lines).toContainEqual(
    expect.stringMatching(/^1 open problem since March 3, 2026.*: removed from a project$/),
  );
});

test('stopped: says why, and no events line for a watch that no longer listens', () => {
  renderUi(<WatchFacts watch={buildSupportWatch({ state: 'stopped', events: 'not-allowed' })} />);
  const lines = within(screen.getByRole('list')).getAllByRole('listitem');
  expect(lines[0]).toHaveTextContent('Stopped: the SALUS app is not installed or not connected');
  expect(screen.queryByText(/daily check only|events on/i)).not.toBeInTheDocument();
  expect(lines[1]).toHaveTextContent(/^Last verified March 5, 2026/);
});
