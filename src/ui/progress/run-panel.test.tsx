import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { RunProgress } from '../../api/contract.ts';
import { buildCompleteStatus, buildRun, buildStatus, COMPANY_ID } from '../test/builders.ts';
import { renderApp, renderUi } from '../test/render.tsx';
import { server } from '../test/server.ts';
import { RunPanel } from './run-panel.tsx';

const status = `/api/companies/${COMPANY_ID}/status`;

function runningElsewhere(run: RunProgress) {
  server.use(
    http.get(status, () => HttpResponse.json(buildStatus({ activeRun: run }))),
    http.get('/api/runs/:runId', () => HttpResponse.json(run)),
  );
}

test('reopening the app mid-run shows that run: progress in projects, counts and ETA', async () => {
  runningElsewhere(buildRun());
  renderApp();
  expect(await screen.findByRole('heading', { name: 'Applying the changes' })).toBeVisible();
  expect(screen.getByRole('progressbar', { name: 'Applying the changes' })).toHaveAttribute(
    'aria-valuetext',
    '500 of 1,168 projects',
  );
  for (const [label, value] of [
    ['Added', '480'],
    ['Already on', '12'],
    ['Re-templated', '5'],
    ['Failed', '2'],
    ['Skipped', '1'],
  ]) {
    const term = screen.getByText(label!, { selector: 'dt' });
    expect(term.nextElementSibling).toHaveTextContent(value!);
  }
  expect(screen.getByText('About 3 minutes left.')).toBeVisible();
  expect(screen.getByText('Started by Ada Admin', { exact: false })).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Fix permissions' })).not.toBeInTheDocument();
});

test('a run that changed only the SALUS account says which settings, not "0 of 0 projects"', async () => {
  runningElsewhere(
    buildRun({
      status: 'succeeded',
      phase: 'done',
      origin: 'rule',
      accountChanges: ['default_permission_template_id', 'add_to_new_projects'],
      total: 0,
      counts: {
        pending: 0,
        added: 0,
        already_member: 0,
        retemplated: 0,
        removed: 0,
        failed: 0,
        skipped: 0,
        cancelled: 0,
      },
      etaSeconds: null,
      finishedAt: '2026-03-03T12:01:00Z',
    }),
  );
  renderApp();
  expect(await screen.findByRole('heading', { name: 'Changes applied' })).toBeVisible();
  expect(
    screen.getByText(
      'Changes to the SALUS account: Default template for new projects and Add to all new projects.',
    ),
  ).toBeVisible();
  expect(screen.getByText('No project needs a change.')).toBeVisible();
  expect(screen.queryByText(/0 of 0/)).not.toBeInTheDocument();
  expect(screen.queryByText('Added', { selector: 'dt' })).not.toBeInTheDocument();
});

test('a run another admin resumed names both: who started it and who continued it', async () => {
  runningElsewhere(
    buildRun({ resumedBy: { id: '7', name: 'Riley Reviewer', at: '2026-03-03T13:00:00Z' } }),
  );
  renderApp();
  const line = await screen.findByText('Started by Ada Admin', { exact: false });
  expect(line).toHaveTextContent(/Started by Ada Admin on .+\. Resumed by Riley Reviewer on .+\./);
});

test("failures are listed with Procore's message, and Retry failed runs them again", async () => {
  const failed = buildRun({
    status: 'failed',
    phase: 'done',
    counts: {
      pending: 0,
      added: 1160,
      already_member: 3,
      retemplated: 3,
      removed: 0,
      failed: 2,
      skipped: 0,
      cancelled: 0,
    },
    etaSeconds: null,
    failures: [
      { projectId: '81', projectName: 'Tower B', status: 403, message: 'Project is archived' },
      { projectId: '82', projectName: 'Depot', status: 422, message: 'Template not allowed' },
    ],
    finishedAt: '2026-03-03T12:10:00Z',
  });
  runningElsewhere(buildRun());
  const view = renderApp();
  await screen.findByRole('heading', { name: 'Applying the changes' });

  server.use(http.get('/api/runs/:runId', () => HttpResponse.json(failed)));
  expect(
    await screen.findByRole('heading', { name: 'The fix finished with problems' }),
  ).toBeVisible();
  expect(screen.getByText('Tower B: Project is archived (HTTP 403)')).toBeVisible();
  expect(screen.getByText('Depot: Template not allowed (HTTP 422)')).toBeVisible();

  const retried = buildRun({ runId: 'run-1', counts: { ...failed.counts, failed: 0, pending: 2 } });
  server.use(
    http.post('/api/runs/:runId/retry-failed', () => HttpResponse.json(retried)),
    http.get('/api/runs/:runId', () => HttpResponse.json(retried)),
  );
  await view.user.click(screen.getByRole('button', { name: 'Retry failed' }));
  expect(await screen.findByRole('heading', { name: 'Applying the changes' })).toBeVisible();
});

test('a paused run says why and can be resumed', async () => {
  const paused = buildRun({
    status: 'paused',
    pausedReason: {
      code: 'systemic-failure',
      count: 5,
      procore: { status: 503, message: 'Service Unavailable' },
    },
  });
  runningElsewhere(paused);
  const view = renderApp();
  expect(
    await screen.findByText(
      'Paused: 5 projects in a row failed with “Service Unavailable” (503). Paused so nothing else fails the same way; fix the cause, then resume.',
    ),
  ).toBeVisible();

  server.use(
    http.post('/api/runs/:runId/resume', () => HttpResponse.json(buildRun())),
    http.get('/api/runs/:runId', () => HttpResponse.json(buildRun())),
  );
  await view.user.click(screen.getByRole('button', { name: 'Resume' }));
  await screen.findByText('About 3 minutes left.');
  expect(screen.queryByText(/^Paused:/)).not.toBeInTheDocument();
});

test('the live region speaks every 10%, not on every poll', () => {
  const at = (pending: number) =>
    buildRun({ total: 1000, counts: { ...buildRun().counts, pending } });
  const props = { canFix: true, showReport: false, focusOnMount: false };
  const view = renderUi(<RunPanel run={at(1000 - 412)} {...props} />);
  const live = () => document.querySelector('[aria-live="polite"]');
  expect(live()).toHaveTextContent('40% of projects done.');
  view.rerender(<RunPanel run={at(1000 - 419)} {...props} />);
  expect(live()).toHaveTextContent('40% of projects done.');
  view.rerender(<RunPanel run={at(1000 - 503)} {...props} />);
  expect(live()).toHaveTextContent('50% of projects done.');
  view.rerender(<RunPanel run={{ ...at(0), status: 'succeeded' }} {...props} />);
  expect(live()).toHaveTextContent('The fix has finished.');
});

test('when the run finishes the checks run again and the badge appears', async () => {
  let finished = false;
  server.use(
    http.get(status, () =>
      HttpResponse.json(
        finished
          ? buildCompleteStatus({
              completion: { ...buildCompleteStatus().completion!, runId: null },
            })
          : buildStatus(),
      ),
    ),
    http.get('/api/runs/:runId', () => {
      finished = true;
      return HttpResponse.json(
        buildRun({
          status: 'succeeded',
          phase: 'done',
          counts: { ...buildRun().counts, pending: 0 },
        }),
      );
    }),
  );
  const view = renderApp();
  await view.user.click(await screen.findByRole('button', { name: 'Fix permissions' }));
  await view.user.click(await screen.findByRole('button', { name: 'Apply changes' }));

  const badge = await screen.findByRole('heading', { name: /Setup complete/ });
  expect(badge).toBeVisible();
  expect(screen.getByRole('heading', { name: 'Changes applied' })).toBeVisible();
  // One report, in the badge, for the run that just finished.
  expect(screen.getAllByRole('button', { name: 'Download report (CSV)' })).toHaveLength(1);
});

test('a trial that worked names its project, and Continue with the rest resumes the run', async () => {
  const trial = buildRun({
    status: 'trial-done',
    total: 40,
    counts: { ...buildRun().counts, pending: 39, added: 1 },
    trial: { projectId: '81', projectName: 'Tower B', readable: true },
  });
  runningElsewhere(trial);
  const view = renderApp();
  expect(await screen.findByText('Tried on one project')).toBeVisible();
  expect(
    screen.getByText(
      'The service account was set up on “Tower B” and can read it. The other projects wait until you continue.',
    ),
  ).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Resume' })).not.toBeInTheDocument();
  expect(screen.queryByText(/^Paused:/)).not.toBeInTheDocument();

  server.use(
    http.post('/api/runs/:runId/resume', () => HttpResponse.json(buildRun())),
    http.get('/api/runs/:runId', () => HttpResponse.json(buildRun())),
  );
  await view.user.click(screen.getByRole('button', { name: 'Continue with the rest' }));
  await screen.findByText('About 3 minutes left.');
  expect(screen.queryByText('Tried on one project')).not.toBeInTheDocument();
});

test('a trial that failed gives Procore’s reason and offers Resume', async () => {
  runningElsewhere(
    buildRun({
      status: 'paused',
      pausedReason: {
        code: 'trial-failed',
        project: 'Tower B',
        procore: { status: 403, message: 'Access denied' },
      },
      trial: { projectId: '81', projectName: 'Tower B', readable: false },
    }),
  );
  renderApp();
  expect(
    await screen.findByText(
      'Paused: Tried on “Tower B”, but the SALUS service account cannot read it. Procore said: Access denied (403). Fix the cause, then resume.',
    ),
  ).toBeVisible();
  expect(screen.getByRole('button', { name: 'Resume' })).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Continue with the rest' })).not.toBeInTheDocument();
});

describe('one state at a time, from the run record', () => {
  const props = { canFix: true, showReport: false, focusOnMount: false };
  /** Sentences that belong to one state each: no other state may say them. */
  const SAYS = {
    updating: 'Updating the service account…',
    adding: 'Adding the service account to projects…',
    keepGoing: 'You can close this window; the fix keeps going and this page will show it again.',
    paused: /^Paused: /,
    stopping: /^Stopping: /,
    eta: /left\.$/,
    cancelledSummary: /^Cancelled before the end: /,
  };
  const said = () =>
    Object.entries(SAYS)
      .filter(([, text]) => screen.queryByText(text) !== null)
      .map(([name]) => name);
  const buttons = () => screen.queryAllByRole('button').map((b) => b.textContent);

  test.each<[string, Partial<RunProgress>, string, string[], string[]]>([
    [
      'running, adding projects',
      { status: 'running', phase: 'projects' },
      'Applying the changes',
      ['adding', 'keepGoing', 'eta'],
      ['Cancel the fix'],
    ],
    [
      'running, on the account',
      { status: 'running', phase: 'account' },
      'Applying the changes',
      ['updating', 'keepGoing', 'eta'],
      ['Cancel the fix'],
    ],
    [
      'stopping after Cancel',
      { status: 'running', phase: 'projects', cancelRequested: true },
      'Applying the changes',
      ['stopping'],
      [],
    ],
    [
      'paused',
      { status: 'paused', pausedReason: { code: 'session-expired' }, etaSeconds: null },
      'The fix is paused',
      ['paused'],
      ['Resume', 'Cancel the fix'],
    ],
    [
      'its trial done',
      {
        status: 'trial-done',
        trial: { projectId: '81', projectName: 'Tower B', readable: true },
        etaSeconds: null,
      },
      'Tried on one project',
      [],
      ['Continue with the rest', 'Cancel the fix'],
    ],
    [
      'cancelled',
      {
        status: 'cancelled',
        phase: 'done',
        etaSeconds: null,
        counts: { ...buildRun().counts, pending: 0, cancelled: 668 },
        finishedAt: '2026-03-03T12:10:00Z',
      },
      'The fix was cancelled',
      ['cancelledSummary'],
      [],
    ],
  ])('%s', (_name, run, heading, sentences, actions) => {
    renderUi(<RunPanel run={buildRun(run)} {...props} />);
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(heading);
    expect(said()).toEqual(sentences);
    expect(buttons()).toEqual(actions);
  });

  test('an undo removing projects says so, not "adding"', () => {
    renderUi(<RunPanel run={buildRun({ kind: 'undo', phase: 'projects' })} {...props} />);
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Undoing the fix');
    expect(screen.getByText('Removing the service account from projects…')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Cancel the undo' })).toBeVisible();
  });
});

test('Cancel on a running fix: it stops after the project in hand, then says what was done', async () => {
  runningElsewhere(buildRun());
  const view = renderApp();
  await screen.findByRole('heading', { name: 'Applying the changes' });
  const stopping = buildRun({ cancelRequested: true });
  server.use(
    http.post('/api/runs/:runId/cancel', () => HttpResponse.json(stopping)),
    http.get('/api/runs/:runId', () => HttpResponse.json(stopping)),
  );
  await view.user.click(screen.getByRole('button', { name: 'Cancel the fix' }));
  expect(
    await screen.findByText(
      'Stopping: the project being changed now is finished and recorded first.',
    ),
  ).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Cancel the fix' })).not.toBeInTheDocument();

  const cancelled = buildRun({
    status: 'cancelled',
    phase: 'done',
    etaSeconds: null,
    counts: { ...buildRun().counts, pending: 0, cancelled: 666 },
    finishedAt: '2026-03-03T12:10:00Z',
  });
  server.use(
    http.get('/api/runs/:runId', () => HttpResponse.json(cancelled)),
    http.get(status, () => HttpResponse.json(buildStatus())),
  );
  expect(
    await screen.findByRole('heading', { name: 'The fix was cancelled' }, { timeout: 3000 }),
  ).toBeVisible();
  expect(
    screen.getByText(
      'Cancelled before the end: 666 projects were not started, and nothing was changed on them.',
    ),
  ).toBeVisible();
  expect(screen.getByText('Cancelled', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
    '666',
  );
  // The projects handled, not "1,168 of 1,168": the cancelled ones were not.
  expect(screen.getByText('502 of 1,168 projects')).toBeVisible();
  // What it did can be undone, like any fix; and the fix can be started again.
  expect(screen.getByRole('button', { name: 'Undo this fix' })).toBeVisible();
  expect(await screen.findByRole('button', { name: 'Fix permissions' })).toBeVisible();
});

test('Cancel on a paused fix ends it at once', async () => {
  runningElsewhere(
    buildRun({ status: 'paused', pausedReason: { code: 'interrupted' }, etaSeconds: null }),
  );
  const view = renderApp();
  expect(await screen.findByRole('heading', { name: 'The fix is paused' })).toBeVisible();
  const cancelled = buildRun({
    status: 'cancelled',
    phase: 'done',
    etaSeconds: null,
    counts: { ...buildRun().counts, pending: 0, cancelled: 668 },
  });
  server.use(
    http.post('/api/runs/:runId/cancel', () => HttpResponse.json(cancelled)),
    http.get('/api/runs/:runId', () => HttpResponse.json(cancelled)),
  );
  await view.user.click(screen.getByRole('button', { name: 'Cancel the fix' }));
  expect(await screen.findByRole('heading', { name: 'The fix was cancelled' })).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Resume' })).not.toBeInTheDocument();
});

test('when a run pauses, the checks are read again: the account changed meanwhile', async () => {
  let statusReads = 0;
  let run = buildRun();
  server.use(
    http.get(status, () => {
      statusReads += 1;
      return HttpResponse.json(buildStatus({ activeRun: run }));
    }),
    http.get('/api/runs/:runId', () => HttpResponse.json(run)),
  );
  renderApp();
  await screen.findByRole('heading', { name: 'Applying the changes' });
  const before = statusReads;
  run = buildRun({ status: 'paused', pausedReason: { code: 'interrupted' }, etaSeconds: null });
  await screen.findByRole('heading', { name: 'The fix is paused' }, { timeout: 3000 });
  await waitFor(() => expect(statusReads).toBe(before + 1));
});
