import { defaultKnobs, type KnobsPatch } from '../../src/fake-procore/knobs.ts';
import { verifyFake } from './test-support.ts';
import { KNOB_FOR_FACT, reportToKnobs } from './to-knobs.ts';
import { result } from './types.ts';

const d = defaultKnobs();
const DOCUMENTED_KNOBS: KnobsPatch = {
  addToNewProjectsOnRead: d.addToNewProjectsOnRead,
  betaEndpoints: d.betaEndpoints,
  addExistingMember: d.addExistingMember,
  addToInactiveProject: d.addToInactiveProject,
  dmsaMe: d.dmsaMe,
  companyMe: d.companyMe,
  patchRequiresLastName: d.patchRequiresLastName,
  webhooksPermission: d.webhooksPermission,
};

describe('report → fake knobs', () => {
  it.each<[string, KnobsPatch]>([
    ['the fake’s defaults', DOCUMENTED_KNOBS],
    [
      'every other answer',
      {
        addToNewProjectsOnRead: true,
        betaEndpoints: { bulkAdd: false, projectAssignments: false },
        addExistingMember: 'error',
        addToInactiveProject: 'ok',
        dmsaMe: 'forbidden',
        companyMe: 'without-flag',
        patchRequiresLastName: true,
        webhooksPermission: 'not-granted',
      },
    ],
    [
      'a mix',
      {
        addToNewProjectsOnRead: false,
        betaEndpoints: { bulkAdd: true, projectAssignments: false },
        addExistingMember: 'ok',
        addToInactiveProject: 'ok',
        dmsaMe: 'not-found',
        companyMe: 'not-found',
        patchRequiresLastName: false,
        webhooksPermission: 'granted',
      },
    ],
  ])('round-trips: a fake with %s yields exactly those knobs', async (_name, knobs) => {
    const { report } = await verifyFake({ knobs });
    // The spike window's kind shows only when the run spans two 10 s windows (a slow machine):
    // then it must be the fake's own; a run within one window cannot tell it.
    const told = (from: typeof report) => {
      const { rateLimits, ...rest } = reportToKnobs(from);
      if (rateLimits) expect(rateLimits).toEqual({ window: d.rateLimits.window });
      return rest;
    };
    expect(told(report)).toEqual(knobs);
    // The JSON report gives the same answer as the object in memory.
    expect(told(JSON.parse(JSON.stringify(report)))).toEqual(knobs);
  });

  it('ignores facts it could not tell and facts without a knob', () => {
    expect(
      reportToKnobs({
        results: [
          result('dmsa-me', 'could-not-tell', 'no client-credentials token'),
          result('pkce', 'differs', 'enforced', 'enforced'),
          result('rate-limit-headers', 'confirmed', '…', ['x-rate-limit-limit']),
        ],
      }),
    ).toEqual({});
  });

  it('names a knob for every fact that has one', () => {
    const mapped = Object.entries(KNOB_FOR_FACT).filter(([, knob]) => knob !== null);
    expect(mapped.map(([fact]) => fact).sort()).toEqual([
      'add-existing-member',
      'add-to-inactive-project',
      'add-to-new-projects-on-read',
      'bulk-add',
      'company-me-flag',
      'dmsa-me',
      'dmsa-project-list',
      'patch-requires-last-name',
      'project-assignments',
      'rate-limit-window',
      'two-authorizations',
      'webhook-delivery',
      'webhook-hooks',
    ]);
  });
});
