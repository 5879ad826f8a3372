import type { KnobsPatch } from './knobs.ts';

export type ScenarioName =
  | 'fresh-install'
  | 'partly-configured'
  | 'complete'
  | 'flag-not-reported'
  | 'no-service-account'
  | 'missing-templates'
  | 'non-admin'
  | 'wrong-templates'
  | 'several-candidates'
  | 'enterprise'
  | 'large-no-beta'
  | 'flaky';

/**
 * One line per scenario, for the demo picker and `GET /__fake/scenarios`: written for a person
 * trying the demo (what the company is like), not in test terms; the builders' comments have those.
 */
export const SCENARIO_DESCRIPTIONS: Record<ScenarioName, string> = {
  'fresh-install':
    'SALUS was just installed: its service account has no permissions yet and is on none of the 40 active projects.',
  'partly-configured':
    'Half done: the company template is set, the default project template is not, and the account is on 25 of 60 active projects.',
  complete:
    'Everything is set up: both templates, added to new projects, and on all 30 active projects.',
  'flag-not-reported':
    'Set up by hand, in a Procore that does not report “add to all new projects”: that setting reads unknown until Fix permissions sets it.',
  'no-service-account':
    'The SALUS app is not installed yet, so there is no SALUS service account (only users with similar names).',
  'missing-templates':
    'The two SALUS permission templates do not exist yet (templates with similar names do).',
  'non-admin':
    'You sign in as someone without Admin on the company Directory: every check shows, but the fix cannot be applied.',
  'wrong-templates':
    'The service account has other company and default templates, and other templates on some projects.',
  'several-candidates':
    'Two directory users look like the SALUS service account, and Procore cannot say which one the app uses.',
  enterprise:
    'A large company: 5,000 active and 300 inactive projects, 20,000 people in its directory.',
  'large-no-beta':
    'A company with 5,000 projects whose Procore offers no bulk requests: the fix needs more than the 3,600 requests Procore allows an hour, and says how long it takes.',
  flaky:
    'A fresh install behind an unreliable Procore: some requests fail or go unanswered, and the fix tries them again.',
};

export interface ScenarioOverrides {
  activeProjects?: number;
  inactiveProjects?: number;
  knobs?: KnobsPatch;
}
