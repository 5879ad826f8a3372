import type { KnobsPatch } from './knobs.ts';

export type ScenarioName =
  | 'fresh-install'
  | 'partly-configured'
  | 'complete'
  | 'no-service-account'
  | 'missing-templates'
  | 'non-admin'
  | 'wrong-templates'
  | 'several-candidates'
  | 'enterprise'
  | 'large-no-beta'
  | 'flaky';

/** One line per scenario, for the demo index page and `GET /__fake/scenarios`. */
export const SCENARIO_DESCRIPTIONS: Record<ScenarioName, string> = {
  'fresh-install': 'SALUS just installed: service account unconfigured and on no project.',
  'partly-configured':
    'Half done: company template set, default template missing, on 25 of 60 active projects; IDs above 2^53.',
  complete:
    'Everything configured: templates set, add_to_new_projects on, on every active project.',
  'no-service-account': 'SALUS app not installed: no service account, only decoys.',
  'missing-templates': 'The two SALUS permission templates do not exist (near-miss decoys do).',
  'non-admin': 'The signed-in user lacks Directory admin: reads work, permission writes are 403.',
  'wrong-templates':
    'Wrong company/default templates and wrong project templates on some projects.',
  'several-candidates': 'Two salus-integration-xxxxxxxx users and DMSA /me unavailable.',
  enterprise: '5,000 active + 300 inactive projects, 20,000 users, IDs above 2^53.',
  'large-no-beta':
    'A company with 5,000 projects whose Procore offers no beta bulk endpoints: the fix needs more than the 3,600 requests Procore allows an hour, and says how long it takes.',
  flaky: 'fresh-install data with ~20% 5xx on writes, lost write responses, drops and some 429s.',
};

export interface ScenarioOverrides {
  activeProjects?: number;
  inactiveProjects?: number;
  knobs?: KnobsPatch;
}
