import { viewerSeesAllProjects } from '../facts.ts';
import type { StepCheck } from './step.ts';
import {
  cannotCheck,
  cannotJudge,
  complete,
  needsAttention,
  runInProgress,
  waitingFor,
} from './step.ts';

/**
 * Step 6 — proves the integration works as the service account itself: the projects it can see
 * equal the active projects, and it can read what SALUS reads on a sample of them.
 */
export const checkConnection: StepCheck = ({ ctx, facts, links }) => {
  if (facts.account.kind === 'found' && ctx.skipProjectReads)
    return runInProgress('connection-test');
  if (facts.account.kind !== 'found' || !facts.connection || !facts.access) {
    return waitingFor('connection-test', 'service-account');
  }
  const where = links.projectSettings(facts.account.user.name);
  if (!facts.connection.ok) return cannotCheck('connection-test', facts.connection.error, where);
  const result = facts.connection.value;
  const active = facts.access.ok ? facts.access.value.active.length : 0;
  const details = {
    step: 'connection-test',
    visibleProjects: result.visibleCount,
    activeProjects: active,
    sampled: result.sampled,
    readable: result.readable,
    failures: result.failures,
  } as const;
  if (result.failures.length > 0) {
    const first = result.failures[0]!;
    return needsAttention(
      'connection-test',
      {
        code: 'cannot-read',
        failed: result.failures.length,
        sampled: result.sampled,
        project: first.projectName,
      },
      details,
      where,
    );
  }
  if (!viewerSeesAllProjects(facts)) {
    // The account's count can only be compared with every active project, which this viewer
    // cannot list; the sample reads above still count.
    return cannotJudge(
      'connection-test',
      { code: 'limited-view', count: result.visibleCount },
      details,
      where,
    );
  }
  // The account's memberships come from project access; this is what the account itself sees.
  if (result.visibleCount !== active) {
    return needsAttention(
      'connection-test',
      { code: 'projects-not-visible', visible: result.visibleCount, active },
      details,
      where,
    );
  }
  return complete('connection-test', details, where);
};
