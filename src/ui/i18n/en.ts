/**
 * Every string the SPA shows, in English (the default locale).
 *
 * Other locales (es.ts, fr.ts) are files of the same `Catalog` shape next to this one. A message is
 * a string with `{name}` placeholders, or a plural form picked by the `count` parameter through
 * `Intl.PluralRules`. The server sends codes and facts; words live here. The step copy (why each
 * step matters) is user copy, so it is kept with the step here rather than in the components.
 */
export const en = {
  app: {
    name: 'SALUS Setup for Procore',
    loading: 'Loading…',
    demoBanner: 'Demo — simulated Procore',
    demoBannerDetail: 'Nothing here touches a real Procore company.',
    genericError: 'Something went wrong: {message}',
    tryAgain: 'Try again',
    opensInNewTab: '(opens in a new tab)',
    unavailable:
      'Procore did not answer. The checks will work again once Procore is reachable; try again in a minute.',
    forbidden: 'Your Procore account cannot see this company.',
    signedInAs: 'Signed in as {name}',
    signOut: 'Sign out',
    signOutFailed: 'Signing out did not work: {message}',
  },
  help: {
    label: 'Help and privacy',
    support: 'Contact SALUS support',
    privacy: 'Privacy policy',
    deletion: 'Request deletion of your data',
    deletionSubject: 'Data deletion request',
    deletionSubjectCompany: 'Data deletion request for Procore company {company}',
  },
  signIn: {
    title: 'Connect SALUS to Procore',
    intro:
      'This app checks, live, that the SALUS service account in your Procore company has the permissions and project access the SALUS integration needs.',
    intro2:
      'If anything is missing, it shows you exactly what will change and fixes it in one click, then tells SALUS support for you.',
    button: 'Sign in with Procore',
    preparing: 'Getting sign-in ready…',
    prepareFailed: 'Sign-in could not be prepared: {message}',
    waiting: 'Waiting for you to sign in in the Procore window…',
    finishInPopup: 'Finish signing in in the Procore window. This page will continue by itself.',
    redeeming: 'Signing you in…',
    blocked:
      'Your browser blocked the sign-in window. Allow pop-ups for this site, then try again.',
    closed: 'The sign-in window was closed before you finished signing in. Try again when ready.',
    timedOut: 'Signing in took too long. Try again.',
    failed: '{reason}. Try again when ready.',
    failedUnknown: 'Procore did not sign you in. Try again when ready.',
    codeIntro:
      'The Procore window could not send your sign-in back to this page, so it shows a code. Type that code here.',
    codeLabel: 'Sign-in code',
    codeHelp: '8 letters and digits, as shown in the Procore window.',
    codeSubmit: 'Continue',
    redeemFailed: 'Signing in did not finish: {message}. Try again.',
    expired: 'Your session expired — sign in again; nothing was lost.',
  },
  companies: {
    title: 'Choose a company',
    intro: 'Which Procore company should SALUS be set up for?',
    none: 'Your Procore account is not a member of any company.',
    open: 'Set up {name}',
    chooseAnother: 'Choose another company',
  },
  status: {
    title: 'SALUS setup for {company}',
    checkedAt: 'Last checked on {time}.',
    recheck: 'Check again',
    checklistTitle: 'Checklist',
    loadFailed: 'The checks could not run: {message}',
    busy: 'Procore is busy, so the checks are taking longer. We will keep checking and update this page.',
    busyKnown: 'Last complete check on {time}: {complete} of {total} steps were complete.',
    summary: {
      one: '{count} of {total} steps needs attention: {steps}.',
      other: '{count} of {total} steps need attention: {steps}.',
    },
    summaryUnchecked: 'Could not be checked: {steps}.',
  },
  pill: {
    complete: 'Complete',
    'needs-attention': 'Needs attention',
    checking: 'Checking',
    'cannot-check': "Can't check",
    note: 'Note',
  },
  steps: {
    admin: {
      title: 'You are a Directory admin',
      why: 'Only a Procore user with Admin on the company Directory can change the service account’s permissions.',
    },
    'app-installed': {
      title: 'SALUS app installed',
      why: 'Installing the SALUS app creates the service account SALUS uses to read your projects.',
    },
    'service-account': {
      title: 'SALUS service account found',
      why: 'SALUS reads Procore as this directory user (salus-integration-…); everything below is about it.',
    },
    'company-template': {
      title: 'Company permissions template',
      why: 'The company template decides what the service account may read across the company.',
    },
    'new-projects': {
      title: 'Added to new projects',
      why: 'Projects created later get the service account automatically, so SALUS never silently misses one.',
    },
    'project-access': {
      title: 'Access to every active project',
      why: 'SALUS can only sync a project the service account is on, with the SALUS project template.',
    },
    'connection-test': {
      title: 'Connection test',
      why: 'Reads Procore as the service account to prove the permissions actually work.',
    },
    'over-privilege': {
      title: 'No more access than SALUS needs',
      why: 'The service account acts without anyone signed in, so every permission it holds beyond what SALUS needs is one more thing that could go wrong. SALUS needs only what its two templates grant.',
    },
    'support-notified': {
      title: 'SALUS support told',
      why: 'SALUS support switches your integration over once they know; this app tells them for you.',
    },
  },
  facts: {
    whereInProcore: 'In Procore: {path}',
    none: 'none',
    unknown: 'unknown',
    on: 'on',
    off: 'off',
    change: '{label}: {from} → {to}',
    value: '{label}: {value}',
    adminAccess: 'Your Directory access',
    adminRequired: 'Admin',
    appStatus: 'SALUS app',
    appInstalled: 'installed',
    appInstalledVersion: 'installed (version {version})',
    appNotInstalled: 'not installed',
    appPending: 'Procore is still finishing an install or update of the app.',
    appUpdate: 'An update of the SALUS app is available in App Management.',
    account: 'Service account',
    accountValue: '{name} ({email})',
    accountNotFound: 'not found',
    companyTemplate: 'Company template',
    addToNewProjects: 'Add to new projects',
    addToNewProjectsUnknown: 'Procore does not report this setting, so it cannot be read back.',
    defaultTemplate: 'Default project template',
    projects:
      'Projects: on {on} of {total} — {missing} missing, {wrongTemplate} with another template',
    projectsAllOn: {
      one: 'Projects: on the {count} active project with the SALUS template',
      other: 'Projects: on all {count} active projects with the SALUS template',
    },
    templatesVerified: {
      one: 'Project template confirmed by Procore on {count} project (oldest {time}).',
      other: 'Project template confirmed by Procore on {count} projects (oldest {time}).',
    },
    membershipPerProject:
      'Checked project by project: the SALUS account is a company admin, so its own project list shows every project, not just the ones it is on.',
    membershipPerProjectList:
      'Checked project by project: the SALUS account’s own project list showed projects it is not on.',
    inactiveProjects: {
      one: '{count} inactive project is left alone.',
      other: '{count} inactive projects are left alone.',
    },
    connectionSampled:
      'SALUS tried {sampled} of the {active} active projects as the service account.',
    readable: 'It could read their {list}.',
    readableNone: 'It could not read anything on them yet.',
    failuresTitle:
      'Could not read the project Directory (the SALUS account needs Read Only on it):',
    overPrivilegeNone: 'Only the SALUS templates: nothing more.',
    overPrivilegeCompany: 'Company template “{name}” instead of the SALUS one',
    overPrivilegeCompanyAdmin:
      'Company template “{name}” instead of the SALUS one, with Admin on: {tools}',
    overPrivilegeProject: {
      one: 'Project template “{name}” with Admin on {tools}, on {count} project',
      other: 'Project template “{name}” with Admin on {tools}, on {count} projects',
    },
    failure: '{project}: {message}',
    failureWithStatus: '{project}: {message} (HTTP {status})',
    support: {
      delivered: 'SALUS support was notified.',
      deliveredAt: 'SALUS support was notified on {time}.',
      queued: 'Recorded for SALUS support, and being sent to them.',
      held: 'Recorded for SALUS support.',
      heldAt: 'Recorded for SALUS support on {time}.',
    },
    accountNotChosen: 'not chosen yet',
  },
  projects: {
    toggle: {
      one: 'The {count} project to fix',
      other: 'The {count} projects to fix',
    },
    filterLabel: 'Show',
    filter: {
      missing: 'Missing the service account',
      'wrong-template': 'With another template',
      inactive: 'Inactive (left alone)',
    },
    filterOption: '{label} ({count})',
    searchLabel: 'Search projects by name or number',
    searchButton: 'Search',
    columns: { name: 'Project', number: 'Number', template: 'Template' },
    blank: '—',
    empty: 'No projects match.',
    first: 'First page',
    previous: 'Previous page',
    next: 'Next page',
    last: 'Last page',
    pages: 'Project pages',
    position: '{from}–{to} of {total}, page {page} of {pages}',
    loadFailed: 'The project list could not load: {message}',
  },
  /** The downloaded report (CSV): its columns and values, in the admin's words. */
  report: {
    fileName: 'SALUS setup - {company} - {date}',
    byRule: '{name} (automatic repair)',
    columns: {
      what: 'What',
      name: 'Name',
      change: 'Change',
      result: 'Result',
      details: 'Details',
      before: 'Before',
      after: 'After',
      by: 'Made with the sign-in of',
      at: 'When (UTC)',
      id: 'Procore ID',
      beforeId: 'Before (Procore ID)',
      afterId: 'After (Procore ID)',
    },
    targets: { account: 'Service account', project: 'Project' },
    actions: {
      add: 'Add to the project',
      retemplate: 'Change the project permissions template',
      remove: 'Remove from the project',
    },
    outcomes: {
      changed: 'Changed',
      pending: 'Not done',
      added: 'Added',
      already_member: 'Was already on the project',
      retemplated: 'Template changed',
      removed: 'Removed',
      failed: 'Failed',
      skipped: 'Skipped',
      cancelled: 'Cancelled before it started',
    },
    notes: {
      verified: 'Confirmed by reading the project again',
      'not-visible': 'The project is not visible to you in Procore',
      'already-removed': 'Was no longer on the project',
      bulk: 'Added with the other projects in one request',
      'no-result': 'Procore did not report on this project',
    },
    procoreSaid: 'Procore: {message}',
    procoreAnswered: 'Procore (HTTP {status}): {message}',
    templateUnnamed: 'A template no longer in Procore',
  },
  fix: {
    button: 'Fix permissions',
    dialogTitle: 'Review the changes',
    preparing: 'Working out exactly what will change…',
    planFailed: 'The review could not be prepared: {message}',
    intro: 'Nothing has changed yet. This is exactly what Apply changes will do in Procore:',
    accountLine: 'On the directory user {name}:',
    fieldChange: '{field}: {from} → {to}',
    fields: {
      company_permission_template_id: 'Company permissions template',
      default_permission_template_id: 'Default template for new projects',
      add_to_new_projects: 'Add to all new projects',
    },
    templateById: 'template {id}',
    flagUnknown:
      'Procore does not report whether “Add to all new projects” is on, so the fix turns it on to be sure.',
    createCompanyTemplate: 'Create the company permissions template “{name}” with:',
    createProjectTemplate: 'Create the project permissions template “{name}” (Global) with:',
    toolLevel: '{tool}: {level}',
    addProjects: {
      one: 'Add the service account to {count} project with the SALUS project template.',
      other: 'Add the service account to {count} projects with the SALUS project template.',
    },
    retemplateProjects: {
      one: 'Switch {count} project to the SALUS project template.',
      other: 'Switch {count} projects to the SALUS project template.',
    },
    nothing: 'Nothing needs to change.',
    requests: {
      one: 'About {count} request to Procore, paced within its rate limits;',
      other: 'About {count} requests to Procore, paced within its rate limits;',
    },
    estimate: 'estimated time: {duration}.',
    hourly: 'Procore allows {limit} requests an hour.',
    hourlyAssumed:
      'Procore usually allows {limit} requests an hour (it shows its actual limit only when an hour’s allowance is nearly used).',
    crossesHour:
      'That is more than this hour allows, so the fix waits for the next hour and then goes on by itself; you can close this window.',
    inactiveNote: 'Inactive projects are never changed.',
    blocked: 'These changes cannot be applied yet: {message}',
    apply: 'Apply changes',
    cancel: 'Cancel',
    startFailed: 'The changes could not start: {message}',
    planStale: {
      expired:
        'This review is more than 10 minutes old, so nothing was changed. Here is a fresh one: check it, then apply again.',
      changed:
        'Something changed in Procore since this review, so nothing was changed. Here is a fresh one: check it, then apply again.',
      unknown:
        'This review can no longer be applied, so nothing was changed. Here is a fresh one: check it, then apply again.',
    },
    trial: 'Try it on one project first',
    trialHint:
      'Apply changes will update the service account and add it to one project only, check that it can read that project, then wait for you to continue with the rest.',
  },
  progress: {
    title: 'Applying the changes',
    titleDone: 'Changes applied',
    titleFailed: 'The fix finished with problems',
    titleCancelled: 'The fix was cancelled',
    startedBy: 'Started by {name} on {time}.',
    startedByRule: 'Started automatically on {time}, on behalf of {name}.',
    resumedBy: 'Resumed by {name} on {time}.',
    accountChanges: 'Changes to the SALUS account: {fields}.',
    noProjects: 'No project needs a change.',
    phase: {
      account: 'Updating the service account…',
      projects: 'Adding the service account to projects…',
      verify: 'Checking everything again…',
      done: 'Finished.',
    },
    bar: { one: '{done} of {count} project', other: '{done} of {count} projects' },
    counts: {
      added: 'Added',
      already_member: 'Already on',
      retemplated: 'Re-templated',
      removed: 'Removed',
      failed: 'Failed',
      skipped: 'Skipped',
      cancelled: 'Cancelled',
    },
    eta: 'About {duration} left.',
    paused: 'Paused: {reason}',
    resume: 'Resume',
    failuresTitle: 'Projects that failed',
    retryFailed: 'Retry failed',
    actionFailed: 'That did not work: {message}',
    announce: '{percent}% of projects done.',
    announcePaused: 'The fix is paused.',
    announceFinished: 'The fix has finished.',
    keepOpen: 'You can close this window; the fix keeps going and this page will show it again.',
    loadFailed: 'Progress could not be read: {message}',
    trialTitle: 'Tried on one project',
    trialReadable:
      'The service account was set up on “{project}” and can read it. The other projects wait until you continue.',
    trialNoProject: 'No project needed the trial. Continue when ready.',
    continue: 'Continue with the rest',
    titlePaused: 'The fix is paused',
    cancel: 'Cancel the fix',
    stopping: 'Stopping: the project being changed now is finished and recorded first.',
    cancelledSummary: {
      one: 'Cancelled before the end: {count} project was not started, and nothing was changed on it.',
      other:
        'Cancelled before the end: {count} projects were not started, and nothing was changed on them.',
    },
    announceCancelled: 'The fix was cancelled.',
    announceStopping: 'Stopping the fix.',
  },
  badge: {
    title: 'Setup complete',
    completed: 'Completed {date} by {name}.',
    completedByRepair: 'Completed {date} by an automatic repair, on behalf of {name}.',
    report: 'Download report (CSV)',
    reportFailed: 'The report could not be downloaded: {message}',
    drift:
      'This company was set up on {date}, but something has changed since: see the checks that need attention below.',
  },
  /**
   * Keep SALUS set up automatically (issue #20), on the completion badge: a Directory admin allows
   * SALUS Setup to repair drift on their behalf. Procore's words: Directory, Allow, App Management.
   */
  autoRepair: {
    label: 'Keep SALUS set up automatically',
    help: 'When Procore shows a change that breaks SALUS (a project without the SALUS account, a changed template), it is put right on your behalf with your own Procore sign-in, changing only the SALUS account’s settings and project memberships. To turn it off, clear this box.',
    on: 'Turned on by {name} on {date}. Repairs are made with {name}’s Procore sign-in.',
    lastRepair: 'Last automatic repair: {date}.',
    consent:
      'Allow it in Procore’s window: sign in as yourself and select Allow. Nothing changes until you do.',
    allow: 'Allow in Procore',
    cancel: 'Cancel',
    waiting: 'Waiting for you to select Allow in Procore’s window…',
    blocked: 'Your browser blocked Procore’s window. Allow pop-ups for this page, then try again.',
    paused: {
      'sign-in-again':
        'Automatic repair is paused: Procore no longer accepts the permission {name} gave. To start it again, {name} (or another Directory admin) selects “Allow again in Procore”, then Allow in Procore’s window.',
      'not-admin':
        'Automatic repair is paused: {name} no longer has Admin on the company Directory. To start it again, a Directory admin selects “Allow again in Procore”, then Allow in Procore’s window.',
      'app-not-connected':
        'Automatic repair is paused: the SALUS app is no longer connected to this company (Company Tools → App Management).',
    },
    allowAgain: 'Allow again in Procore',
    notAdmin: 'Only a Directory admin can change this.',
    failed: 'This could not be changed: {message}',
  },
  /**
   * Keeping SALUS set up (issue #19): what SALUS Setup watches once setup is complete, and what it
   * found since. Every sentence must stay true in the state that shows it.
   */
  watch: {
    title: 'Keeping SALUS set up',
    events: {
      on: 'Procore tells SALUS Setup when a project is created or the SALUS account changes. SALUS Setup also checks every day, as the SALUS account itself.',
      'not-allowed':
        'Procore does not send changes to this version of the SALUS app yet, so SALUS Setup checks once a day, as the SALUS account itself. To hear from Procore as soon as a project is created or the SALUS account changes, accept the SALUS app update in Company Tools → App Management.',
      pending:
        'SALUS Setup checks once a day, as the SALUS account itself. It is still asking Procore to tell it when a project is created or the SALUS account changes.',
      unavailable:
        'Procore does not tell SALUS Setup about changes in this company, so SALUS Setup checks once a day, as the SALUS account itself: it finds the same problems, only later.',
    },
    appUpdate:
      'Accepting an app update makes Procore reset which projects the SALUS account is on; SALUS Setup checks them again after the update.',
    stopped:
      'SALUS Setup stopped checking because the SALUS app is no longer installed or connected in this company.',
    lastVerified: 'Last checked as the SALUS account: {time}.',
    notVerified: 'Not checked as the SALUS account yet.',
    nextCheck: 'Next check: {time}.',
    lastEvent: 'Last heard from Procore: {time}.',
    unverifiedSince:
      'The SALUS account only sees the projects it is on: a project created since {date} that SALUS Setup has not heard about is checked the next time an admin opens SALUS Setup.',
    driftTitle: 'Found since setup was complete',
    driftNote:
      'Each stays listed until a later check finds it put right. SALUS support is told about them too.',
    fixHint:
      'Fix permissions, at the top of this page, puts them right; it shows every change before making it.',
    drift: {
      notOnNewProject: 'The SALUS account is not on a project created on {date}.',
      notOnProject: 'The SALUS account is not on {project} (since {date}).',
      leftProject: 'The SALUS account was removed from {project} (noticed {date}).',
      projectTemplate:
        'On {project}, the SALUS account has the {template} permission template instead of {required} (since {date}).',
      projectTemplateNone:
        'On {project}, the SALUS account has no permission template; it needs {required} (since {date}).',
      companyTemplate:
        'The SALUS account’s company permission template is now {now} (since {date}).',
      companyTemplateNone:
        'The SALUS account no longer has a company permission template (since {date}).',
      defaultTemplate:
        'The SALUS account’s default template for new projects is now {now} (since {date}).',
      defaultTemplateNone:
        'The SALUS account no longer has a default template for new projects (since {date}).',
      notAddedToNewProjects:
        'The SALUS account is no longer added to new projects automatically (since {date}).',
      addToNewProjects:
        '“Add to all new projects” is now {value} for the SALUS account (since {date}).',
    },
    /** A template's name, quoted the way this language quotes. */
    quoted: '“{name}”',
    salusProjectTemplate: 'the SALUS project template',
  },
  notAdmin: {
    title: 'Only a Directory admin can apply the fix',
    body: 'You can see every check, but changing the service account needs Admin on the company Directory. Send this message to one of your Procore admins:',
    label: 'Message for your Procore admin',
    copy: 'Copy message',
    copied: 'Copied.',
    copyFailed: 'Copying did not work; select the text and copy it yourself.',
    planFailed: 'The planned changes could not be read: {message}',
    handoff: {
      greeting:
        'Hello, SALUS needs a few permission changes in our Procore company {company} ({id}).',
      account: 'In Company Tools → Directory, edit the user {name}:',
      change: '- {field}: {from} → {to}',
      addProjects: {
        one: '- Add it to {count} more project (Current Project Settings → Add All).',
        other: '- Add it to {count} more projects (Current Project Settings → Add All).',
      },
      retemplateProjects: {
        one: '- Give it the SALUS Project Integration template on {count} project.',
        other: '- Give it the SALUS Project Integration template on {count} projects.',
      },
      blocked: 'Before that: {message}',
      createCompanyTemplate:
        '- In Company Tools → Permissions, create the company template “{name}”: {levels}.',
      createProjectTemplate:
        '- In Company Tools → Permissions, create the Global project template “{name}”: {levels}.',
      app: 'Or open SALUS Setup for Procore from Company Tools → Apps and apply the fix there in one click.',
    },
  },
  appNotInstalled: {
    title: 'Install the SALUS app first',
    body: 'The SALUS app is not installed in this company yet. Installing it creates the SALUS service account; the other checks start once it exists.',
    step1: 'Open Company Tools → App Management.',
    step2: 'Click Install App, then Install Custom App.',
    step3: 'Enter this App Version ID and click Install:',
    step4: 'Click Install again, then Skip the project step: this app adds every project for you.',
    versionIdLabel: 'App Version ID',
    copy: 'Copy App Version ID',
    copied: 'Copied.',
    copyFailed: 'Copying did not work; select the ID and copy it yourself.',
    after: 'Then come back here and choose Check again.',
  },
  templatesMissing: {
    title: {
      one: 'A SALUS permissions template is missing',
      other: 'Both SALUS permission templates are missing',
    },
    body: {
      one: 'The SALUS integration needs this permission template, and your company does not have it:',
      other:
        'The SALUS integration needs these permission templates, and your company does not have them:',
    },
    company: 'Company template “{name}”',
    project: 'Project template “{name}”',
    how: 'Create them in Company Tools → Permissions (company templates on the Company tab, project templates on the Project tab), using the names exactly as shown, then choose Check again.',
    canCreate:
      'Fix permissions can create them for you, with exactly the access SALUS needs; the review lists every tool’s level before anything changes.',
  },
  chooseAccount: {
    title: 'Which user is the SALUS service account?',
    body: 'More than one directory user looks like the SALUS service account. Choose the one the SALUS app created:',
    columns: { name: 'Name', email: 'Email', created: 'Created', action: 'Choose' },
    use: 'Use {name}',
    failed: 'That account could not be chosen: {message}',
    newest:
      'The SALUS app creates its account when it is installed, so it is usually the newest one: {name}.',
    sameTime:
      'They were created at the same time, so the dates cannot tell them apart: ask whoever installed the SALUS app, or SALUS support.',
  },
  /** Why a step is not complete, composed from the server's reason code and its details. */
  reasons: {
    notDirectoryAdmin:
      'You have {level} access to the company Directory. Changing the SALUS account needs Admin: you can review the checks and send the planned changes to an admin.',
    notDirectoryAdminNone:
      'You have no access to the company Directory. Changing the SALUS account needs Admin: you can review the checks and send the planned changes to an admin.',
    notInstalled: 'The SALUS app is not installed in this company yet.',
    notConnected:
      'Procore says the SALUS app is not connected to this company: install it (or reconnect it) in App Management.',
    pendingOperation:
      'Procore is still applying the SALUS app permissions. Check again in a few minutes.',
    updateAvailable:
      'An update of the SALUS app is waiting in App Management. Update it, then check again.',
    severalCandidates: {
      one: '{count} directory user looks like the SALUS account; SALUS cannot tell by itself whether the SALUS app created it.',
      other:
        '{count} directory users look like the SALUS account; only one of them was created by the SALUS app.',
    },
    notFound:
      'No active directory user named {prefix}… exists. Installing the SALUS app creates it.',
    waitingForApp: 'Checked once the SALUS app is installed.',
    waitingForAccount: 'Checked once the SALUS account is found.',
    procoreAnswered: 'Procore answered {status}: {message}',
    procoreNoAnswer: 'Procore did not answer: {message}',
    couldNotCheck:
      'Could not check this step because of an error on our side. Check again; if it keeps happening, contact SALUS support.',
    companyTemplateMissing:
      'The company permission template “{name}” does not exist in this company. Fix permissions can create it with the access SALUS needs (or create it in Company Tools → Permissions).',
    projectTemplateMissing:
      'The project permission template “{name}” does not exist in this company. Fix permissions can create it as a Global template with the access SALUS needs.',
    projectTemplateMissingAccess:
      'The SALUS project template does not exist yet, so no project has it. Fix permissions can create it, then add the account to every project with it.',
    wrongTemplate: 'The SALUS account’s company template is “{current}”; it must be “{required}”.',
    wrongTemplateUnset: 'The SALUS account has no company template; it must be “{required}”.',
    wrongDefaultTemplate:
      'New projects would give the SALUS account “{current}”; it must be “{required}”.',
    wrongDefaultTemplateUnset:
      'New projects would give the SALUS account no template; it must be “{required}”.',
    flagUnknown:
      'Procore does not report whether the SALUS account joins new projects. Fix permissions sets it and keeps Procore’s confirmation.',
    notAddedToNewProjects:
      'The SALUS account is not added to new projects, so every project created from now on would miss it.',
    projectsMissing:
      'The SALUS account is on {on} of {total} active projects with the SALUS template: {parts}.',
    projectsMissingFrom: 'missing from {count}',
    projectsWrongTemplate: '{count} with another template',
    projectsUnverified:
      '{count} whose template Procore has not confirmed yet (Fix permissions sets the SALUS one)',
    runInProgress:
      'A fix of the SALUS account has not finished yet: projects are checked again once it ends.',
    limitedViewAccess:
      'Procore shows you only the projects you are on. On those {count}, the SALUS account is set up; a company admin can check every project.',
    limitedViewConnection:
      'The SALUS account can see {count} active projects and read the ones sampled; only a company admin can compare that with every project.',
    cannotRead:
      'The SALUS account cannot read {failed} of {sampled} sampled projects (first: {project}).',
    projectsNotVisible: 'The SALUS account can see {visible} of {active} active projects.',
    overPrivileged:
      'The SALUS account has more access than SALUS needs: {parts}. Anything it may do happens with no one signed in. Fix permissions sets it back to the SALUS templates.',
    overPrivilegedCompany: 'company template “{name}” instead of the SALUS one',
    overPrivilegedProject: {
      one: 'project template “{name}” on {count} project',
      other: 'project template “{name}” on {count} projects',
    },
    overPrivilegedAdmin: '{part} (Admin on {tools})',
    notYet: 'SALUS support is told automatically once setup is complete.',
    notDirectoryAdminSettled:
      'You have {level} access to the company Directory. Nothing needs changing, so that is enough; changing the SALUS account would need Admin.',
    notDirectoryAdminNoneSettled:
      'You have no access to the company Directory. Nothing needs changing, so that is enough; changing the SALUS account would need Admin.',
  },
  /** Why a fix paused, from the run's `pausedReason.code`. */
  pause: {
    appNotConnected:
      'Procore says the SALUS app is not connected to this company. Reconnect it in App Management, then resume.',
    sessionExpired: 'Your Procore sign-in expired. Sign in again to continue; nothing is lost.',
    accountNotUpdated:
      'The change was sent to Procore, but “{field}” still reads differently. Check the SALUS account in the Directory, then resume.',
    systemicFailure:
      '{count} projects in a row failed with “{message}” ({code}). Paused so nothing else fails the same way; fix the cause, then resume.',
    interrupted: 'The run stopped unexpectedly. Resume to continue; nothing is repeated.',
    templateNotCreated:
      'Procore did not create the permission template “{name}”. Create it in Company Tools → Permissions, then resume.',
    templateNotCreatedRefused:
      'Procore did not create the permission template “{name}” ({code}: {message}). Create it in Company Tools → Permissions, then resume.',
    trialFailed:
      'Tried on “{project}”, but the SALUS service account cannot read it. Procore said: {message}. Fix the cause, then resume.',
    trialFailedNoAnswer:
      'The trial project did not work: the SALUS service account cannot read it. Fix the cause, then resume.',
  },
  /** Our server's errors, by `ApiError` code; Procore's own words are kept where it gave any. */
  apiErrors: {
    'wrong-code': 'That is not the code the Procore window shows. Check it and try again.',
    'too-many-attempts': 'Too many wrong codes. Select “Sign in with Procore” to start again.',
    unauthenticated: 'You are not signed in, or your sign-in ended. Sign in with Procore again.',
    'session-expired': 'Procore no longer accepts your sign-in. Sign in again; nothing was lost.',
    forbidden: 'You do not have access to this in Procore.',
    procoreRefused: 'Procore refused: {message}',
    csrf: 'The request was refused for safety. Reload the page and try again.',
    'not-found': 'It could not be found.',
    procoreNotFound: 'Procore could not find it: {message}',
    'bad-request': 'The request was not understood. Reload the page and try again.',
    conflict:
      'This cannot be done right now: a fix may already be running, or nothing needs to change. Check again.',
    'not-admin': 'This needs Admin on the company Directory.',
    'procore-unavailable': 'Procore could not be reached or failed. Try again in a minute.',
    procoreFailed: 'Procore could not be reached or failed: {message}',
    'plan-stale': 'This review can no longer be applied. Review the changes again.',
    'procore-busy': 'Procore is busy. We will keep checking; this page updates by itself.',
    'rate-limited': 'Procore asked us to slow down. Try again in a minute.',
    internal: 'Something went wrong on our side. Try again; nothing was changed.',
    network: 'The SALUS Setup server could not be reached. Check your connection and try again.',
    unknown: 'The server answered with an error (HTTP {status}).',
    projectFailed: 'Procore did not say why.',
  },
  /** Procore's own menu names, as its breadcrumbs in the checklist show them. */
  procorePath: {
    companyTools: 'Company Tools',
    appManagement: 'App Management',
    directory: 'Directory',
    edit: 'Edit',
    currentProjectSettings: 'Current Project Settings',
    permissions: 'Permissions',
    permissionTemplates: 'Permission Templates',
    yourUser: 'Your user',
    companyPermissions: 'Company Permissions',
  },
  /** Procore tools the connection test reads, by Procore's tool id. */
  tools: {
    admin: 'Admin',
    directory: 'Directory',
    daily_log: 'Daily Log',
    observations: 'Observations',
    inspections: 'Inspections',
    incidents: 'Incidents',
  },
  /** Procore's permission levels, as Procore names them in each language. */
  accessLevels: {
    none: 'None',
    read_only: 'Read Only',
    standard: 'Standard',
    admin: 'Admin',
  },
  undo: {
    button: 'Undo this fix',
    dialogTitle: 'Undo this fix',
    preparing: 'Reading what this fix changed…',
    intro:
      'This puts the SALUS account back as it was before the fix. Nothing changes in Procore until you confirm.',
    accountLine: 'On the directory user {name}:',
    removeProjects: {
      one: 'Remove the SALUS account from {count} project this fix added it to.',
      other: 'Remove the SALUS account from {count} projects this fix added it to.',
    },
    keepNote:
      'Projects the account was already on before the fix keep it. Permission templates the fix created stay.',
    flagUnknown:
      'Procore did not report “Add to new projects” before the fix, so it is left as it is now.',
    autoRepairOff:
      '“Keep SALUS set up automatically” is on for this company. Undoing turns it off, or SALUS Setup would set the account up again.',
    nothing: 'This fix changed nothing that can be undone.',
    confirm: 'Undo changes',
    cancel: 'Cancel',
    planFailed: 'Could not prepare the undo: {message}',
    startFailed: 'The undo did not start: {message}',
    progressTitle: 'Undoing the fix',
    titleDone: 'Fix undone',
    titleFailed: 'The undo finished with problems',
    titlePaused: 'The undo is paused',
    titleCancelled: 'The undo was cancelled',
    cancelRun: 'Cancel the undo',
    phase: {
      account: 'Putting the service account back as it was…',
      projects: 'Removing the service account from projects…',
      verify: 'Checking everything again…',
      done: 'Finished.',
    },
  },
  duration: {
    seconds: { one: '{count} second', other: '{count} seconds' },
    minutes: { one: '{count} minute', other: '{count} minutes' },
    hours: { one: '{count} hour', other: '{count} hours' },
    hoursMinutes: '{hours} h {minutes} min',
  },
} as const;
