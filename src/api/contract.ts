/**
 * The app API between the SPA and our server (never Procore's API).
 *
 * The server speaks in codes and facts; the UI turns them into words from its catalog, so the
 * copy can be translated without touching the server. IDs are decimal strings (Procore IDs can
 * exceed 2^53). Every error is `ApiError` JSON with a stable code and an English message.
 */

export type Id = string;

export interface ApiError {
  error: {
    code: ApiErrorCode;
    message: string;
    busy?: ProcoreBusy;
    /** Procore's own answer, when the error is Procore's (`forbidden`, `not-found`, …). */
    procore?: ProcoreAnswer;
    /** With `plan-stale`: why the reviewed plan can no longer be applied. */
    stale?: PlanStale;
  };
}

/**
 * Why Apply refused a reviewed plan: older than 10 minutes, Procore no longer shows what the
 * review showed, or the review is not one this sign-in made for this company (or was applied).
 */
export type PlanStale = 'expired' | 'changed' | 'unknown';

/** What Procore answered: its status (null: no answer at all) and its own words. */
export interface ProcoreAnswer {
  status: number | null;
  message: string;
}

/**
 * With `procore-busy`: Procore's rate limit (or slowness) kept the request past its deadline.
 * The server goes on checking; ask again after `retryAfterSeconds`. `known` is what the last
 * finished check of the company found, if there was one.
 */
export interface ProcoreBusy {
  retryAfterSeconds: number;
  known: {
    checkedAt: string;
    steps: { id: StepId; state: CheckState }[];
  } | null;
}

export type ApiErrorCode =
  | 'unauthenticated' // no session, or it expired: sign in again
  | 'session-expired' // Procore refused the refresh: sign in again, nothing is lost
  | 'forbidden' // e.g. a company the signed-in user cannot see
  | 'csrf' // missing custom header or foreign Origin
  | 'not-found'
  | 'bad-request'
  | 'conflict' // e.g. a run is already going for this company
  | 'not-admin' // a write was asked for by someone without Directory admin
  | 'procore-unavailable' // Procore answered 5xx or not at all
  | 'rate-limited'
  | 'wrong-code' // the sign-in code typed is not the one the popup shows
  | 'too-many-attempts' // too many wrong sign-in codes: the sign-in is given up
  | 'procore-busy' // an interactive request met its deadline waiting for Procore: see ProcoreBusy
  | 'plan-stale' // Apply refused the reviewed plan: review again (see PlanStale)
  | 'internal';

/** Header every state-changing request must carry (CSRF: forces a CORS preflight). */
export const CSRF_HEADER = 'X-Salus-Setup';
export const CSRF_VALUE = '1';

export interface User {
  id: Id;
  name: string;
  login: string;
}

export interface CompanySummary {
  id: Id;
  name: string;
}

/** `GET /api/session` */
export interface SessionInfo {
  user: User | null;
  companies: CompanySummary[];
  demo: boolean;
}

/** `POST /auth/prepare` → a pending sign-in bound to the nonce the iframe holds. */
export interface PreparedSignIn {
  state: string;
  startUrl: string;
}

/** `POST /auth/redeem` */
export interface RedeemedSession {
  sessionId: string;
  user: User;
}

/**
 * `POST /auth/poll`: whether the popup finished, for a severed opener. `ready`: the person types
 * the code the popup shows (`POST /auth/redeem` with `code`); the handoff never travels here.
 */
export interface SignInPoll {
  status: 'pending' | 'ready' | 'failed';
  error?: string;
}

/** The message the sign-in popup posts to the iframe (same shape as procore-iframe-helpers). */
export interface SignInMessage {
  type: 'authentication.success' | 'authentication.failure';
  payload: { state: string; handoff?: string; error?: string };
}

/** The checklist's steps, in the order the admin sees them (the one step order). */
export const STEP_IDS = [
  'admin',
  'app-installed',
  'service-account',
  'company-template',
  'new-projects',
  'project-access',
  'connection-test',
  'over-privilege',
  'support-notified',
] as const;

export type StepId = (typeof STEP_IDS)[number];

/** "Setup complete" means these all pass, verified live; the viewer and the notice do not count. */
export const COMPLETION_STEP_IDS = [
  'app-installed',
  'service-account',
  'company-template',
  'new-projects',
  'project-access',
  'connection-test',
] as const satisfies readonly StepId[];

export type CheckState = 'complete' | 'needs-attention' | 'cannot-check';

export interface TemplateSummary {
  id: Id;
  name: string;
}

export interface AccountSummary {
  id: Id;
  name: string;
  email: string | null;
  createdAt: string | null;
}

export interface ProjectProblem {
  projectId: Id;
  projectName: string;
  status: number | null;
  /** Procore's own words; null when it gave none. */
  message: string | null;
}

/**
 * A permission template the service account holds beyond the SALUS ones: its company template
 * when that is not "SALUS Integration Account", or a project template granting Admin on a tool.
 */
export interface PrivilegeExcess {
  scope: 'company' | 'project';
  template: TemplateSummary;
  /** Tools the template grants Admin on ('directory', 'admin', …); null when unreadable. */
  adminTools: string[] | null;
  /** Project scope: on how many of the account's active projects it applies. */
  projects: number;
}

/** Step-specific facts: what was seen (current) and what SALUS requires. */
export type StepDetails =
  | { step: 'admin'; isAdmin: boolean; accessLevel: string | null }
  | {
      step: 'app-installed';
      installed: boolean;
      installationId: Id | null;
      version: string | null;
      pendingOperation: boolean;
      updateAvailable: boolean;
      appVersionId: string;
    }
  | {
      step: 'service-account';
      account: AccountSummary | null;
      candidates: AccountSummary[];
      method: 'client-credentials' | 'directory-search' | null;
    }
  | {
      step: 'company-template';
      current: TemplateSummary | null;
      requiredName: string;
      required: TemplateSummary | null;
    }
  | {
      step: 'new-projects';
      /** null: Procore's read does not return the flag (UNCONFIRMED) and we have no evidence. */
      addToNewProjects: boolean | null;
      evidence: { source: 'read' | 'patch-response'; at: string } | null;
      currentDefault: TemplateSummary | null;
      requiredName: string;
      required: TemplateSummary | null;
    }
  | {
      step: 'project-access';
      activeTotal: number;
      onWithTemplate: number;
      missing: number;
      wrongTemplate: number;
      /** Memberships whose template Procore has not told us yet; the fix sets the SALUS one. */
      unverified: number;
      inactiveTotal: number;
      /**
       * How membership was read: Procore's project assignments, the two project lists, or one
       * read per project because the account's own list is not its membership (`fallback` says
       * why: it is a company admin, or its list held projects it is not on).
       */
      membershipFrom: 'project-assignments' | 'lists' | 'per-project';
      fallback: 'account-is-company-admin' | 'list-holds-other-projects' | null;
      /** Memberships whose template is known, and when the oldest of those was verified. */
      templatesVerified: number;
      templatesVerifiedAt: string | null;
    }
  | {
      step: 'connection-test';
      visibleProjects: number;
      activeProjects: number;
      sampled: number;
      readable: string[];
      failures: ProjectProblem[];
    }
  | {
      step: 'over-privilege';
      /** Empty when the account holds nothing beyond the SALUS templates. */
      excess: PrivilegeExcess[];
    }
  | {
      step: 'support-notified';
      status: 'delivered' | 'queued' | 'held' | 'not-yet';
      at: string | null;
    };

/**
 * Why a step is not complete, as data: a code with its own parameters. The UI words each code
 * from its catalog (server speaks codes, UI words); nothing here is a sentence.
 */
export type StepReason =
  /** The viewer's Directory access (Procore's level name), or none. */
  | { code: 'not-directory-admin'; accessLevel: string | null }
  | { code: 'not-installed' }
  /** Procore says the app is not connected to the company (its token is refused). */
  | { code: 'not-connected' }
  | { code: 'pending-operation' }
  | { code: 'update-available' }
  | { code: 'several-candidates'; count: number }
  | { code: 'not-found'; prefix: string }
  /** A prerequisite step is not complete yet. */
  | { code: 'waiting'; step: StepId }
  /** Procore could not be asked; `procore.status` null: it did not answer. */
  | { code: 'procore-error'; procore: ProcoreAnswer }
  /** Not Procore's refusal: something on our side (logged there). */
  | { code: 'could-not-check' }
  | { code: 'template-missing'; kind: 'company' | 'project'; name: string }
  /** The account's company template (name) is not the SALUS one; null: it has none. */
  | { code: 'wrong-template'; current: string | null; required: string }
  | { code: 'wrong-default-template'; current: string | null; required: string }
  | { code: 'flag-unknown' }
  | { code: 'not-added-to-new-projects' }
  | { code: 'run-in-progress' }
  | {
      code: 'projects-missing';
      on: number;
      total: number;
      missing: number;
      wrongTemplate: number;
      unverified: number;
    }
  /** The viewer sees only the projects they are on: `count` of them. */
  | { code: 'limited-view'; count: number }
  | { code: 'cannot-read'; failed: number; sampled: number; project: string }
  | { code: 'projects-not-visible'; visible: number; active: number }
  | { code: 'over-privileged'; excess: PrivilegeExcess[] }
  /** SALUS support is told once setup is complete (a recorded notice is complete). */
  | { code: 'not-yet' };

export type StepReasonCode = StepReason['code'];

export interface StepResult {
  id: StepId;
  state: CheckState;
  /** Why the step is not complete. */
  reason: StepReason | null;
  details: StepDetails | null;
  /** Where the same setting lives in Procore's own UI. */
  procore: { path: string[]; url: string | null } | null;
}

export interface CompanyStatus {
  companyId: Id;
  companyName: string;
  webBaseUrl: string;
  checkedAt: string;
  viewer: { canFix: boolean };
  steps: StepResult[];
  /** Steps 1–6 all pass, verified live. */
  complete: boolean;
  /**
   * The latest completion, null before the first. With `complete` false, the company was set up
   * then and something has changed since (the screen says so instead of showing the badge).
   */
  completion: Completion | null;
  activeRun: RunProgress | null;
  /** What SALUS Setup has seen since setup was complete; null before the first completion. */
  watch: Watch | null;
  /** Keep SALUS set up automatically (issue #20): the company's repair grant. */
  autoRepair: AutoRepair;
}

/** Why repairs stopped: the grant's sign-in no longer works, its admin lost Directory admin, or
 * the SALUS app is no longer connected. */
export type AutoRepairPause = 'sign-in-again' | 'not-admin' | 'app-not-connected';

/**
 * Keep SALUS set up automatically (issue #20). With it on, drift the watch finds is repaired by
 * an ordinary run made by rule, on behalf of the admin who turned it on, with their own Procore
 * sign-in (a grant kept on the server, never in the browser).
 */
export interface AutoRepair {
  /** 'paused': the grant stopped working; `admin` (or another admin) must allow it again. */
  state: 'off' | 'on' | 'paused';
  /** The Directory admin who allowed it; null when off. */
  admin: { id: Id; name: string } | null;
  since: string | null;
  pausedReason: AutoRepairPause | null;
  /** The newest repair run, if any (its report is `/api/runs/:runId/report`). */
  lastRepair: { runId: Id; at: string } | null;
}

/** `POST /api/companies/:cid/auto-repair`: the consent page to open in a popup. */
export interface AutoRepairStart {
  startUrl: string;
}

/**
 * Keeping it set up (issue #19): after setup is complete, SALUS Setup listens to Procore's events
 * (a new project, a change to the SALUS account) and checks every day as the SALUS account
 * itself. What it found is kept until a later check sees it put right.
 */
export interface Watch {
  /** 'stopped': the SALUS app is no longer installed or connected; nothing is checked. */
  state: 'watching' | 'stopped';
  /**
   * How changes reach SALUS Setup: 'on' Procore's events; 'not-allowed' the installed app version
   * does not have the Webhooks permission yet (accept the app update in App Management);
   * 'unavailable' Procore refused them for another reason. Without events, the daily check finds
   * the same problems, later.
   */
  events: 'on' | 'not-allowed' | 'unavailable' | 'pending';
  /** The last time everything SALUS Setup can see as the SALUS account was checked. */
  lastVerifiedAt: string | null;
  /** The last event from Procore about this company. */
  lastEventAt: string | null;
  /** When the next daily check is due. */
  nextCheckAt: string | null;
  /**
   * The SALUS account only sees projects it is on. Where Procore cannot list the others for it,
   * a new project whose event was lost is unseen until an admin opens SALUS Setup: since when.
   */
  newProjectsUnverifiedSince: string | null;
  /** Open problems, oldest first. */
  drift: WatchDrift[];
}

/**
 * `GET /api/companies/:cid/watch`: the watch alone, from SALUS Setup's store (no Procore request).
 * A project the SALUS account cannot read has no name here; the status names it.
 */
export interface CompanyWatch {
  watch: Watch | null;
}

export type WatchDriftKind = WatchDrift['kind'];

/** One change found after setup was complete, with the time it was first seen (`since`). */
export type WatchDrift =
  | {
      /**
       * A project (usually new) the SALUS account is not on. Its name is null when the SALUS
       * account cannot read it (Procore's event carries only the project's id).
       */
      kind: 'not-on-project';
      project: { id: Id; name: string | null };
      since: string;
    }
  | {
      /** The SALUS account was on this project and is no longer (e.g. after an app update). */
      kind: 'left-project';
      project: { id: Id; name: string };
      since: string;
    }
  | {
      /** On the project, with another permission template than the SALUS project template. */
      kind: 'project-template';
      project: { id: Id; name: string };
      templateName: string | null;
      since: string;
    }
  | {
      /** One of the SALUS account's three settings changed. */
      kind: 'account-setting';
      field: PlannedFieldChange['field'];
      /** The name (templates) or value now set; null for none. */
      now: string | boolean | null;
      since: string;
    };

export interface Completion {
  id: Id;
  completedAt: string;
  completedBy: { id: Id; name: string };
  supportNotice: 'delivered' | 'queued' | 'held';
  /** The run whose report (`/api/runs/:runId/report`) backs this completion, if one did. */
  runId?: Id | null;
}

export interface PlannedFieldChange {
  field:
    'company_permission_template_id' | 'default_permission_template_id' | 'add_to_new_projects';
  from: string | boolean | null;
  /** null: a template this fix creates first (`toName` names it; its id is known only then). */
  to: string | boolean | null;
  /** Template names for the template fields, for people to read. */
  fromName?: string | null;
  toName?: string | null;
}

/** `GET /api/companies/:cid/plan`: the dry run. */
export interface Plan {
  /** What Apply sends back (`StartRunRequest`); null when there is nothing to apply. */
  planId: Id | null;
  companyId: Id;
  createdAt: string;
  account: AccountSummary | null;
  userChanges: PlannedFieldChange[];
  addProjects: number;
  retemplateProjects: number;
  /** SALUS templates missing from the company, created first with exactly these tool levels. */
  createTemplates: { name: string; kind: 'company' | 'project'; levels: Record<string, string> }[];
  requests: number;
  estimatedSeconds: number;
  /**
   * Procore's hourly window as the estimate saw it: its limit, whether that figure is assumed
   * (no response has shown it yet), and whether the fix has to wait for the next hour.
   */
  budget: { hourlyLimit: number; hourlyAssumed: boolean; crossesHour: boolean };
  /**
   * Set when nothing can be applied (e.g. the viewer is not a Directory admin): the step whose
   * reason explains it.
   */
  blockedBy: { step: StepId } | null;
}

/**
 * `POST /api/companies/:cid/runs`: runs exactly the reviewed plan; `trial` applies to one
 * project, re-checks it, then pauses.
 */
export interface StartRunRequest {
  planId: Id;
  trial?: boolean;
}

export interface TrialResult {
  projectId: Id;
  projectName: string;
  readable: boolean;
}

/**
 * 'removed': an undo took back a membership its fix had added. 'cancelled': an admin cancelled
 * the run before it got to this project.
 */
export type LedgerOutcome =
  | 'pending'
  | 'added'
  | 'already_member'
  | 'retemplated'
  | 'removed'
  | 'failed'
  | 'skipped'
  | 'cancelled';

/**
 * `GET /api/runs/:runId/report`: what a run did, as data. The SPA words it in the reader's
 * language and saves it as CSV (names first, Procore's ids in trailing columns).
 */
export interface RunReport {
  runId: Id;
  kind: 'fix' | 'undo';
  /** 'rule': an automatic repair on behalf of the admin its changes name. */
  origin: 'person' | 'rule';
  companyName: string;
  startedAt: string;
  /** The directory user the run changed. */
  account: { id: Id; name: string } | null;
  accountChanges: ReportAccountChange[];
  projects: ReportProject[];
}

export interface ReportAccountChange {
  field: AccountField;
  /** Template ids, or the flag; null: none (a template) or not known (the flag). */
  from: string | boolean | null;
  fromName: string | null;
  to: string | boolean | null;
  toName: string | null;
  /** Whose sign-in made the change. */
  by: string;
  at: string;
}

/** How an item ended, beyond its outcome, when it is worth saying. */
export type ReportNote = 'verified' | 'not-visible' | 'already-removed' | 'bulk' | 'no-result';

export interface ReportProject {
  id: Id;
  name: string;
  action: 'add' | 'retemplate' | 'remove';
  outcome: LedgerOutcome;
  note: ReportNote | null;
  /** Procore's own answer, when the item failed or Procore explained it. */
  procore: ProcoreAnswer | null;
  /** The project template taken away (an undo) and the one given; name null: not known. */
  templateBefore: { id: Id; name: string | null } | null;
  templateAfter: { id: Id; name: string | null } | null;
  by: string;
  at: string;
}

/** The account fields a fix or an undo writes. */
export type AccountField = PlannedFieldChange['field'];

/** Why a run paused: what happened, with what the admin needs to act on it. */
export type PauseReason =
  | { code: 'app-not-connected' }
  | { code: 'session-expired' }
  /** Procore accepted the account PATCH, but `field` reads back differently. */
  | { code: 'account-not-updated'; field: AccountField }
  /** `count` projects in a row failed alike: Procore's status (null: no answer) and words. */
  | { code: 'systemic-failure'; count: number; procore: ProcoreAnswer }
  /** A SALUS template could not be created; `procore`: Procore's refusal, if it gave one. */
  | { code: 'template-not-created'; name: string; procore: ProcoreAnswer | null }
  /** The trial project was written, but the service account cannot read it. */
  | { code: 'trial-failed'; project: string; procore: ProcoreAnswer | null }
  /** The run stopped on something unexpected on our side (logged there); resuming is safe. */
  | { code: 'interrupted' };

export type PauseCode = PauseReason['code'];

/**
 * The run's state machine: running (in a phase), paused (with a reason), trial done (one project
 * applied and re-checked, the rest waiting), or ended: succeeded, failed (some projects did),
 * cancelled.
 */
export type RunStatus = 'running' | 'paused' | 'trial-done' | 'succeeded' | 'failed' | 'cancelled';

export type RunPhase = 'account' | 'projects' | 'verify' | 'done';

export interface RunProgress {
  runId: Id;
  companyId: Id;
  status: RunStatus;
  /** 'undo': puts back what a fix changed. */
  kind: 'fix' | 'undo';
  /**
   * 'rule': an automatic repair (issue #20), started by rule on behalf of `startedBy`, with the
   * repair grant they allowed; 'person': Apply or Undo, by `startedBy`.
   */
  origin: 'person' | 'rule';
  phase: RunPhase;
  /** The SALUS account's settings this run sets (a fix) or puts back (an undo). */
  accountChanges: AccountField[];
  total: number;
  counts: Record<LedgerOutcome, number>;
  etaSeconds: number | null;
  /** Set exactly when `status` is 'paused'. */
  pausedReason: PauseReason | null;
  /**
   * An admin cancelled the run while it was running: what was already sent finishes and is
   * recorded, then it ends as 'cancelled' (`POST /api/runs/:runId/cancel`).
   */
  cancelRequested: boolean;
  /**
   * A "try it on one project first" run after that project (`trial-done`, or paused with
   * `trial-failed`): which project, and whether the service account can read its directory.
   */
  trial: TrialResult | null;
  failures: ProjectProblem[];
  startedBy: { id: Id; name: string };
  startedAt: string;
  /** The admin who resumed the run last (it acts with their sign-in since `at`), if any. */
  resumedBy: { id: Id; name: string; at: string } | null;
  finishedAt: string | null;
}

/** `GET /api/runs/:runId/undo-plan`: what undoing a finished fix puts back, before it does. */
export interface UndoPlanSummary {
  runId: Id;
  companyId: Id;
  account: AccountSummary | null;
  /** The account fields set back: `from` is what the fix set, `to` the value before it. */
  userChanges: PlannedFieldChange[];
  /** The fix set the new-projects flag without knowing its earlier value: it is left as it is. */
  flagUnknown: boolean;
  /** Memberships the fix added, removed again; ones the account had before stay. */
  removeProjects: number;
  requests: number;
  estimatedSeconds: number;
  /**
   * Automatic repair is on (or paused) for the company: undoing turns it off, or it would set
   * the account up again on the next change or daily check.
   */
  turnsOffAutoRepair: boolean;
}

/** `GET /api/companies/:cid/projects?filter=missing|wrong-template|inactive&search=&page=` */
export interface ProjectPage {
  items: { id: Id; name: string; projectNumber: string | null; template: string | null }[];
  page: number;
  perPage: number;
  total: number;
}

/**
 * Why a support sign-in came back without a session (`/support?refused=<code>`):
 * - `not-allowed`: the address is not on SALUS support's list (SUPPORT_ALLOWED_*);
 * - `email-unverified`: the identity provider has not verified the address;
 * - `not-in-group`: the person is not in the group support needs (SUPPORT_REQUIRED_GROUP);
 * - `expired`: the sign-in was too old, already used, or started in another browser;
 * - `cancelled`: the person (or the identity provider) cancelled it;
 * - `failed`: the identity provider could not be reached, or its answer could not be checked.
 */
export const SUPPORT_REFUSALS = [
  'not-allowed',
  'email-unverified',
  'not-in-group',
  'expired',
  'cancelled',
  'failed',
] as const;
export type SupportRefusal = (typeof SUPPORT_REFUSALS)[number];

/** `GET /api/support/session`: who is signed in to the support view, and how one can. */
export interface SupportSessionInfo {
  /** `via: 'break-glass'` when the request carried SUPPORT_TOKEN. */
  person: { email: string | null; via: 'sign-in' | 'break-glass' } | null;
  /** Personal sign-in is set up (`/auth/support/start`). */
  signIn: boolean;
  /** SUPPORT_TOKEN is set: the emergency way in. */
  breakGlass: boolean;
  demo: boolean;
}

/** One look at a company's data through the support view (the audit trail's words). */
export interface SupportAccess {
  at: string;
  /** The person's email, or null for the break-glass token. */
  email: string | null;
  via: 'sign-in' | 'break-glass';
  view: 'list' | 'detail' | 'report' | 'notices';
}

/** `GET /api/support/companies/:cid`: one company, with who in support looked at it lately. */
export interface SupportCompanyDetail {
  company: SupportCompanyRow;
  /** The company's latest fix or undo, whose report support can download. */
  latestRun: {
    id: Id;
    kind: 'fix' | 'undo';
    /** 'rule': an automatic repair (issue #20). */
    origin: 'person' | 'rule';
    status: string;
    startedAt: string;
  } | null;
  /** Newest first, at most 50. */
  recentAccess: SupportAccess[];
  /**
   * What the watch found and is still open, oldest first (a project the SALUS account cannot
   * read is unnamed: only an admin's check can read its name).
   */
  watchDrift: WatchDrift[];
  /** Keep SALUS set up automatically (issue #20): whether it is on, for whom, and paused why. */
  autoRepair: AutoRepair;
}

/** `GET /api/support/companies` (a support sign-in, or SUPPORT_TOKEN) */
export interface SupportCompanyRow {
  companyId: Id;
  companyName: string;
  /** 'drifted': it was complete, and a later check found something changed. */
  state: 'complete' | 'needs-attention' | 'drifted' | 'running' | 'unknown';
  checkedAt: string | null;
  completedAt: string | null;
  /** The steps that need attention. */
  problems: StepId[];
  /** The steps the last check could not judge (not counted as problems). */
  unchecked: StepId[];
  /** Since when, and which steps changed after completion (step ids, like `problems`). */
  drift: { since: string; changes: StepId[] } | null;
  /** Keeping it set up: null before the company first completed setup. */
  watch: SupportWatch | null;
}

/** The support view's summary of a company's watch (`Watch`). */
export interface SupportWatch {
  state: Watch['state'];
  events: Watch['events'];
  lastVerifiedAt: string | null;
  lastEventAt: string | null;
  newProjectsUnverifiedSince: string | null;
  /** Open problems and since when (the oldest), by kind. */
  openDrift: number;
  driftSince: string | null;
  driftKinds: WatchDriftKind[];
}

/**
 * `GET /api/support/outbox` (SUPPORT_TOKEN): the notices to SALUS support, newest first (without
 * a webhook they are `held` here, and this view is where support reads them), and the state of the
 * background job queue for the view's footer.
 */
export interface SupportOutbox {
  notices: SupportNotice[];
  jobs: SupportJobs;
}

/** The job queue shared by every instance, as the support view's footer shows it. */
export interface SupportJobs {
  /** Jobs waiting to run, every queue but the dead letters. */
  queued: number;
  /** Seconds the oldest of them has waited; null when none waits. */
  oldestSeconds: number | null;
  /** Jobs that failed for good (their retries spent). */
  failed: number;
  /** Support notices given up on, waiting for an operator (`npm run jobs -- retry`). */
  deadLetters: number;
}

export interface SupportNotice {
  id: Id;
  /** 'salus.setup.completed' or 'salus.setup.drift' (the webhook's `X-Salus-Event`). */
  kind: string;
  companyId: Id | null;
  companyName: string | null;
  /** With a drift notice: the step that changed. */
  step: StepId | null;
  status: 'pending' | 'delivered' | 'failed' | 'held';
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  /** The webhook body, as it is (or would be) sent. */
  payload: unknown;
}
