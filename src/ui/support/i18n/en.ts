import type { Widen } from '../../i18n/catalog.ts';

/**
 * The support view's strings (English, the reference): shipped with the support view's own chunk,
 * never on the admin's first screen. Looked up as `support.*` by `t` once registered
 * (`./register.ts`).
 */
export const supportEn = {
  title: 'SALUS support: customer setups',
  tokenLabel: 'Support token',
  tokenHelp: 'Kept in this page’s memory only; reload to forget it.',
  submit: 'Show companies',
  rejected: 'That token was not accepted.',
  loadFailed: 'The list could not load: {message}',
  filterLabel: 'State',
  allStates: 'All states',
  state: {
    complete: 'Complete',
    'needs-attention': 'Needs attention',
    drifted: 'Changed since completion',
    running: 'Fix running',
    unknown: 'Unknown',
  },
  driftSince: 'Changed since {date}:',
  searchLabel: 'Search by company name or ID',
  showing: 'Showing {shown} of {total} companies.',
  columns: {
    company: 'Company',
    state: 'State',
    checkedAt: 'Last check',
    completedAt: 'Completed at',
    problems: 'Open problems',
  },
  never: '—',
  noProblems: 'None',
  empty: 'No companies match.',
  tokenMissing: 'Enter the support token.',
  unchecked: 'Could not be checked: {steps}.',
  jobs: {
    title: 'Background jobs',
    summary: '{queued} waiting (oldest {oldest}), {failed} failed, {dead} notices given up on',
    none: 'none',
  },
  signIn: {
    intro: 'Sign in with your SALUS account to see every customer’s setup.',
    button: 'Sign in with SALUS',
    demo: 'Demo: on the simulated SALUS sign-in page, choose “Sign in as support@salus.example”.',
    unavailable:
      'The support view is not set up on this server: ask whoever runs it to set up SALUS sign-in.',
    ended: 'Your support session has ended. Sign in again.',
  },
  refused: {
    'not-allowed':
      'That account is not on SALUS support’s list, so it cannot open the support view. Sign in with your SALUS support account, or ask an administrator to add you.',
    'email-unverified':
      'The email address of that account is not verified yet, so it cannot open the support view.',
    'not-in-group':
      'That account is not in the SALUS support group, so it cannot open the support view.',
    expired: 'That sign-in expired or was started in another browser. Sign in again.',
    cancelled: 'Sign-in was cancelled.',
    failed:
      'SALUS sign-in did not complete. Try again; if it keeps happening, tell whoever runs this server.',
  },
  breakGlass: {
    summary: 'Use the emergency support token',
    intro: 'Only when SALUS sign-in is not working. Every use is recorded.',
  },
  signedInAs: 'Signed in as {email}',
  usingBreakGlass: 'Using the emergency support token. Every use is recorded.',
  signOut: 'Sign out',
  forgetToken: 'Forget the token',
  detail: {
    back: 'Back to all companies',
    loadFailed: 'This company could not load: {message}',
    latestFix: 'Latest fix started on {date}.',
    latestUndo: 'Latest undo started on {date}.',
    latestRepair: 'Latest automatic repair started on {date}.',
    noRun: 'No fix has been run for this company yet.',
    report: 'Download the latest fix report',
    reportFailed: 'The report could not be downloaded: {message}',
    accessTitle: 'Recent support access',
    accessIntro: 'Who in SALUS support looked at this company, newest first.',
    accessNone: 'Nobody in SALUS support has looked at this company yet.',
    when: 'When',
    who: 'Who',
    what: 'What they saw',
    breakGlass: 'Emergency support token',
    view: {
      list: 'Company list',
      detail: 'Company details',
      report: 'Fix report',
      notices: 'Notices',
    },
  },
  /** The watch (issue #19), for SALUS engineers: plain, but it may name Procore's events. */
  watch: {
    title: 'Keeping it set up',
    column: 'Watch',
    none: 'Not watched yet: setup never completed',
    state: {
      watching: 'Watching',
      stopped: 'Stopped: the SALUS app is not installed or not connected',
    },
    events: {
      on: 'Procore events on',
      'not-allowed': 'Events not allowed by the installed app version: daily check only',
      unavailable: 'Events refused by Procore: daily check only',
      pending: 'Events being set up: daily check only',
    },
    lastVerified: 'Last verified {time}',
    notVerified: 'Not verified yet',
    lastEvent: 'Last event received {time}',
    noEvent: 'No event received yet',
    openDrift: {
      one: '{count} open problem since {date}: {kinds}',
      other: '{count} open problems, oldest since {date}: {kinds}',
    },
    openDriftUndated: {
      one: '{count} open problem: {kinds}',
      other: '{count} open problems: {kinds}',
    },
    noDrift: 'No open problems found by the watch',
    kinds: {
      'not-on-project': 'not on a project',
      'left-project': 'removed from a project',
      'project-template': 'another template on a project',
      'account-setting': 'an account setting changed',
    },
    unverifiedSince: 'New projects unverified since {date}',
    autoRepair: {
      off: 'Automatic repair off',
      on: 'Automatic repair on since {date}, made with the Procore sign-in of {name}',
      paused: {
        'sign-in-again':
          'Automatic repair paused: Procore no longer accepts the permission {name} gave',
        'not-admin': 'Automatic repair paused: {name} no longer has Admin on the company Directory',
        'app-not-connected':
          'Automatic repair paused: the SALUS app is not connected to this company',
      },
      lastRepair: 'Last automatic repair {date}',
    },
  },
  notices: {
    title: 'Notices to SALUS support kept here',
    intro:
      'Without a support webhook (or while it keeps failing), completion and change notices are not sent: they wait here.',
    none: 'No notice is waiting.',
    what: 'Notice',
    when: 'Recorded',
    status: 'Status',
    completed: 'Setup completed',
    drift: 'Changed after completion: {step}',
    held: 'Kept here: no webhook is configured',
    failed: {
      one: 'Not delivered after {count} attempt: {error}',
      other: 'Not delivered after {count} attempts: {error}',
    },
  },
} as const;

/** The shape of every locale's support strings, from the English ones. */
export type SupportCatalog = Widen<typeof supportEn>;
