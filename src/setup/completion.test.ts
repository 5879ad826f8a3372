import { describe, expect, it } from 'vitest';
import { STEP_IDS, type StepId, type StepReason, type StepResult } from '../api/contract.ts';
import { nextCompanyState } from './completion.ts';

const NOW = new Date('2026-12-05T08:00:00Z');

/** A check where every step passes except the ones given, with their reasons. */
function checkWith(
  failing: Partial<Record<StepId, StepReason>> = {},
  limitedButConsistent = false,
) {
  const steps: StepResult[] = STEP_IDS.map((id) => {
    const reason = failing[id] ?? null;
    return {
      id,
      state: reason ? 'needs-attention' : 'complete',
      reason,
      details: null,
      procore: null,
    };
  });
  const complete = steps.every(
    (s) => s.state === 'complete' || s.id === 'support-notified' || s.id === 'admin',
  );
  return { steps, complete, limitedButConsistent };
}

describe('nextCompanyState', () => {
  it('a first complete check is a completion to record', () => {
    const next = nextCompanyState(null, checkWith(), NOW);
    expect(next).toMatchObject({
      record: true,
      state: 'complete',
      becameComplete: true,
      problems: [],
      drift: null,
      driftNotices: [],
    });
  });

  it('a company that stays complete is not completed again', () => {
    const next = nextCompanyState({ state: 'complete', drift: null }, checkWith(), NOW);
    expect(next).toMatchObject({ state: 'complete', becameComplete: false });
  });

  it('a company never complete needs attention and tells support nothing', () => {
    const next = nextCompanyState(
      null,
      checkWith({ 'new-projects': { code: 'not-added-to-new-projects' } }),
      NOW,
    );
    expect(next).toMatchObject({
      state: 'needs-attention',
      problems: ['new-projects'],
      drift: null,
      driftNotices: [],
    });
  });

  it('a complete company that changes has drifted since now, one notice per changed step', () => {
    const reason: StepReason = { code: 'not-added-to-new-projects' };
    const next = nextCompanyState(
      { state: 'complete', drift: null },
      checkWith({ 'new-projects': reason }),
      NOW,
    );
    expect(next).toMatchObject({
      state: 'drifted',
      complete: false,
      drift: { since: NOW.toISOString(), changes: ['new-projects'] },
      driftNotices: [{ step: 'new-projects', reason, state: 'needs-attention' }],
    });
  });

  it('drift keeps the time it was first seen', () => {
    const since = '2026-12-01T00:00:00.000Z';
    const next = nextCompanyState(
      { state: 'drifted', drift: { since, changes: ['new-projects'] } },
      checkWith({ 'company-template': { code: 'template-missing', kind: 'company', name: 'X' } }),
      NOW,
    );
    expect(next).toMatchObject({
      state: 'drifted',
      drift: { since, changes: ['company-template'] },
    });
  });

  it('a drifted company that is repaired is complete again and recorded as a new completion', () => {
    const next = nextCompanyState(
      { state: 'drifted', drift: { since: NOW.toISOString(), changes: ['new-projects'] } },
      checkWith(),
      NOW,
    );
    expect(next).toMatchObject({ state: 'complete', becameComplete: true, drift: null });
  });

  it('the viewer and the support notice are never problems of the company', () => {
    const next = nextCompanyState(
      null,
      checkWith({ admin: { code: 'not-directory-admin', accessLevel: 'Read Only' } }),
      NOW,
    );
    expect(next).toMatchObject({ state: 'complete', problems: [] });
  });

  it('a step that could not be checked is not counted as a problem', () => {
    const check = checkWith({ 'new-projects': { code: 'not-added-to-new-projects' } });
    const access = check.steps.find((s) => s.id === 'project-access')!;
    Object.assign(access, { state: 'cannot-check', reason: { code: 'could-not-check' } });
    const next = nextCompanyState(null, { ...check, complete: false }, NOW);
    expect(next).toMatchObject({ state: 'needs-attention', problems: ['new-projects'] });
  });

  it('a limited view neither downgrades nor upgrades what a full view recorded', () => {
    const limited = checkWith({}, true);
    expect(nextCompanyState({ state: 'complete', drift: null }, limited, NOW)).toEqual({
      record: false,
      complete: true,
    });
    expect(nextCompanyState(null, limited, NOW)).toEqual({ record: false, complete: false });
  });
});
