import type { KnobsPatch } from '../../src/fake-procore/knobs.ts';
import type { FactId, FactResult, VerifyReport } from './types.ts';

/**
 * From a sandbox report to the fake Procore's knobs (`src/fake-procore/knobs.ts`), so the fake's
 * defaults can follow what Procore really does. Facts without a knob (PKCE, code location, rate
 * headers, CORS, app_uid, template types) map to nothing; "could not tell" changes nothing.
 */

/** Which knob each fact sets, for the README and the CLI's summary. */
export const KNOB_FOR_FACT: Readonly<Record<FactId, string | null>> = {
  pkce: null,
  'code-location': null,
  'add-to-new-projects-on-read': 'addToNewProjectsOnRead',
  'project-assignments': 'betaEndpoints.projectAssignments',
  'bulk-add': 'betaEndpoints.bulkAdd',
  'add-existing-member': 'addExistingMember',
  'add-to-inactive-project': 'addToInactiveProject',
  'rate-limit-headers': null,
  'rate-limit-window': 'rateLimits.window',
  'cors-expose-headers': null,
  'dmsa-me': 'dmsaMe',
  'company-me-flag': 'companyMe',
  'dmsa-project-list': 'dmsaProjectList',
  'app-uid': null,
  'project-tools-types': null,
  'patch-requires-last-name': 'patchRequiresLastName',
  'webhook-hooks': 'webhooksPermission',
  'webhook-delivery': 'webhookSourceApplicationId',
  'two-authorizations': 'authorizations',
};

function knobFor(r: FactResult): KnobsPatch {
  const v = r.observed;
  switch (r.fact) {
    case 'add-to-new-projects-on-read':
      return typeof v === 'boolean' ? { addToNewProjectsOnRead: v } : {};
    case 'project-assignments':
      return typeof v === 'boolean' ? { betaEndpoints: { projectAssignments: v } } : {};
    case 'bulk-add':
      return typeof v === 'boolean' ? { betaEndpoints: { bulkAdd: v } } : {};
    case 'add-existing-member':
      return v === 'ok' || v === 'error' ? { addExistingMember: v } : {};
    case 'add-to-inactive-project':
      return v === 'ok' || v === 'error' ? { addToInactiveProject: v } : {};
    case 'patch-requires-last-name':
      return typeof v === 'boolean' ? { patchRequiresLastName: v } : {};
    case 'rate-limit-window':
      return v === 'aligned' || v === 'anchored' || v === 'rolling'
        ? { rateLimits: { window: v } }
        : {};
    case 'dmsa-me':
      return v === 'service-account' || v === 'forbidden' || v === 'not-found' ? { dmsaMe: v } : {};
    case 'company-me-flag':
      return v === 'with-flag' || v === 'without-flag' || v === 'not-found' ? { companyMe: v } : {};
    case 'dmsa-project-list':
      return v === 'membership' || v === 'all' ? { dmsaProjectList: v } : {};
    case 'webhook-hooks':
      return v === 'granted' || v === 'not-granted' ? { webhooksPermission: v } : {};
    case 'webhook-delivery':
      return v === 'developer-app-id' || v === 'app-uid' ? { webhookSourceApplicationId: v } : {};
    case 'two-authorizations':
      return v === 'side-by-side' || v === 'one-per-user' ? { authorizations: v } : {};
    default:
      return {};
  }
}

export function reportToKnobs(report: Pick<VerifyReport, 'results'>): KnobsPatch {
  const patch: KnobsPatch = {};
  for (const r of report.results) {
    if (r.outcome === 'could-not-tell') continue;
    const k = knobFor(r);
    Object.assign(patch, k, {
      ...(k.betaEndpoints || patch.betaEndpoints
        ? { betaEndpoints: { ...patch.betaEndpoints, ...k.betaEndpoints } }
        : {}),
    });
  }
  return patch;
}
