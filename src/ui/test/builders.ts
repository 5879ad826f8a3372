import type {
  AutoRepair,
  CompanyStatus,
  Plan,
  RunProgress,
  RunReport,
  SessionInfo,
  StepDetails,
  StepId,
  StepResult,
  SupportCompanyRow,
  SupportWatch,
  Watch,
} from '../../api/contract.ts';
import { STEP_ORDER } from '../checklist/steps.ts';

/** Test data for our own API, complete and valid by default; tests override what they test. */

export const COMPANY_ID = '4207';

export const companyTemplate = { id: '11', name: 'SALUS Integration Account' };
export const projectTemplate = { id: '22', name: 'SALUS Project Integration' };
export const otherTemplate = { id: '33', name: 'Standard Employee' };

export function buildSession(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    user: { id: '1', name: 'Ada Admin', login: 'ada@example.com' },
    companies: [{ id: COMPANY_ID, name: 'Acme Builders' }],
    demo: false,
    ...overrides,
  };
}

const completeDetails: { [S in StepId]: Extract<StepDetails, { step: S }> } = {
  admin: { step: 'admin', isAdmin: true, accessLevel: 'admin' },
  'app-installed': {
    step: 'app-installed',
    installed: true,
    installationId: '9',
    version: '1.4.0',
    pendingOperation: false,
    updateAvailable: false,
    appVersionId: '942ce720-c74e-4644-a15c-e4b09c5ee700',
  },
  'service-account': {
    step: 'service-account',
    account: {
      id: '77',
      name: 'salus-integration-1a2b3c4d',
      email: 'salus-integration-1a2b3c4d@procore.example',
      createdAt: '2026-01-05T12:00:00Z',
    },
    candidates: [],
    method: 'client-credentials',
  },
  'company-template': {
    step: 'company-template',
    current: companyTemplate,
    requiredName: companyTemplate.name,
    required: companyTemplate,
  },
  'new-projects': {
    step: 'new-projects',
    addToNewProjects: true,
    evidence: { source: 'read', at: '2026-03-03T12:00:00Z' },
    currentDefault: projectTemplate,
    requiredName: projectTemplate.name,
    required: projectTemplate,
  },
  'project-access': {
    step: 'project-access',
    activeTotal: 1200,
    onWithTemplate: 1200,
    missing: 0,
    wrongTemplate: 0,
    unverified: 0,
    inactiveTotal: 32,
    membershipFrom: 'lists',
    fallback: null,
    templatesVerified: 1200,
    templatesVerifiedAt: '2026-03-03T12:00:00Z',
  },
  'connection-test': {
    step: 'connection-test',
    visibleProjects: 1200,
    activeProjects: 1200,
    sampled: 5,
    readable: ['Directory', 'Daily Log', 'Observations'],
    failures: [],
  },
  'over-privilege': { step: 'over-privilege', excess: [] },
  'support-notified': { step: 'support-notified', status: 'delivered', at: '2026-03-03T12:05:00Z' },
};

export function buildStep<S extends StepId>(
  id: S,
  overrides: Omit<Partial<StepResult>, 'details'> & {
    details?: Partial<Extract<StepDetails, { step: S }>> | null;
  } = {},
): StepResult {
  const { details, ...rest } = overrides;
  return {
    id,
    state: 'complete',
    reason: null,
    procore: null,
    ...rest,
    details: details === null ? null : { ...completeDetails[id], ...details },
  };
}

/** A company that needs the fix: wrong company template, flag off, projects missing. */
export function buildStatus(overrides: Partial<CompanyStatus> = {}): CompanyStatus {
  const steps: Partial<Record<StepId, StepResult>> = {
    'company-template': buildStep('company-template', {
      state: 'needs-attention',
      reason: { code: 'wrong-template', current: null, required: 'SALUS Integration Account' },
      details: { current: null },
      procore: { path: ['Company Tools', 'Directory', 'salus-integration-1a2b3c4d'], url: null },
    }),
    'new-projects': buildStep('new-projects', {
      state: 'needs-attention',
      reason: { code: 'not-added-to-new-projects' },
      details: { addToNewProjects: false, currentDefault: otherTemplate },
    }),
    'project-access': buildStep('project-access', {
      state: 'needs-attention',
      reason: {
        code: 'projects-missing',
        on: 37,
        total: 1200,
        missing: 1163,
        wrongTemplate: 5,
        unverified: 0,
      },
      details: { onWithTemplate: 37, missing: 1163, wrongTemplate: 5 },
    }),
    'support-notified': buildStep('support-notified', { details: { status: 'not-yet', at: null } }),
  };
  return {
    companyId: COMPANY_ID,
    companyName: 'Acme Builders',
    webBaseUrl: 'https://app.procore.example',
    watch: null,
    checkedAt: '2026-03-03T12:00:00Z',
    viewer: { canFix: true },
    steps: STEP_ORDER.map((id) => steps[id] ?? buildStep(id)),
    complete: false,
    completion: null,
    activeRun: null,
    autoRepair: buildAutoRepair({ state: 'off', admin: null, since: null }),
    ...overrides,
  };
}

/** Keep SALUS set up automatically, on for Ada Admin since this morning, no repair yet. */
export function buildAutoRepair(overrides: Partial<AutoRepair> = {}): AutoRepair {
  return {
    state: 'on',
    admin: { id: '1', name: 'Ada Admin' },
    since: '2026-03-03T09:00:00Z',
    pausedReason: null,
    lastRepair: null,
    ...overrides,
  };
}

export function buildCompleteStatus(overrides: Partial<CompanyStatus> = {}): CompanyStatus {
  return buildStatus({
    steps: STEP_ORDER.map((id) => buildStep(id)),
    complete: true,
    completion: {
      id: 'c1',
      completedAt: '2026-03-03T12:00:00Z',
      completedBy: { id: '1', name: 'Ada Admin' },
      supportNotice: 'delivered',
      runId: 'run-1',
    },
    ...overrides,
  });
}

/**
 * A company SALUS Setup keeps watching after its setup was complete: Procore's events on, checked
 * this morning, nothing found.
 */
export function buildWatch(overrides: Partial<Watch> = {}): Watch {
  return {
    state: 'watching',
    events: 'on',
    lastVerifiedAt: '2026-03-05T11:00:00Z',
    lastEventAt: '2026-03-04T15:30:00Z',
    nextCheckAt: '2026-03-06T11:00:00Z',
    newProjectsUnverifiedSince: null,
    drift: [],
    ...overrides,
  };
}

/** The support view's summary of `buildWatch()`: watching, events on, nothing open. */
export function buildSupportWatch(overrides: Partial<SupportWatch> = {}): SupportWatch {
  return {
    state: 'watching',
    events: 'on',
    lastVerifiedAt: '2026-03-05T11:00:00Z',
    lastEventAt: '2026-03-04T15:30:00Z',
    newProjectsUnverifiedSince: null,
    openDrift: 0,
    driftSince: null,
    driftKinds: [],
    ...overrides,
  };
}

export function buildPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    planId: '5d3c1c6e-7a52-4f4e-9c1b-2f1f0f9b8a01',
    companyId: COMPANY_ID,
    createdAt: '2026-03-03T12:00:00Z',
    account: completeDetails['service-account'].account,
    userChanges: [
      { field: 'company_permission_template_id', from: null, to: companyTemplate.id },
      { field: 'add_to_new_projects', from: false, to: true },
      { field: 'default_permission_template_id', from: otherTemplate.id, to: projectTemplate.id },
    ],
    addProjects: 1163,
    retemplateProjects: 5,
    createTemplates: [],
    requests: 1172,
    estimatedSeconds: 469,
    budget: { hourlyLimit: 3600, hourlyAssumed: true, crossesHour: false },
    blockedBy: null,
    ...overrides,
  };
}

export function buildRun(overrides: Partial<RunProgress> = {}): RunProgress {
  return {
    runId: 'run-1',
    companyId: COMPANY_ID,
    status: 'running',
    kind: 'fix',
    origin: 'person',
    phase: 'projects',
    accountChanges: [],
    total: 1168,
    counts: {
      pending: 668,
      added: 480,
      already_member: 12,
      retemplated: 5,
      removed: 0,
      failed: 2,
      skipped: 1,
      cancelled: 0,
    },
    etaSeconds: 130,
    pausedReason: null,
    cancelRequested: false,
    trial: null,
    failures: [],
    startedBy: { id: '1', name: 'Ada Admin' },
    startedAt: '2026-03-03T12:00:00Z',
    resumedBy: null,
    finishedAt: null,
    ...overrides,
  };
}

export function buildSupportRow(overrides: Partial<SupportCompanyRow> = {}): SupportCompanyRow {
  return {
    companyId: COMPANY_ID,
    companyName: 'Acme Builders',
    state: 'complete',
    checkedAt: '2026-03-03T12:00:00Z',
    completedAt: '2026-03-03T12:00:00Z',
    watch: null,
    problems: [],
    unchecked: [],
    drift: null,
    ...overrides,
  };
}

/** A fix's report: two account fields, a project added in bulk and one Procore refused. */
export function buildReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    runId: 'run-1',
    kind: 'fix',
    origin: 'person',
    companyName: 'Granite Ridge Construction',
    startedAt: '2026-03-03T11:59:00.000Z',
    account: { id: '2001', name: 'salus-integration-1a2b3c4d' },
    accountChanges: [
      {
        field: 'company_permission_template_id',
        from: null,
        fromName: null,
        to: '9100',
        toName: 'SALUS Integration Account',
        by: 'Ada Admin',
        at: '2026-03-03T12:00:00.000Z',
      },
      {
        field: 'add_to_new_projects',
        from: null,
        fromName: null,
        to: true,
        toName: null,
        by: 'Ada Admin',
        at: '2026-03-03T12:00:00.000Z',
      },
    ],
    projects: [
      {
        id: '301',
        name: 'Tower B',
        action: 'add',
        outcome: 'added',
        note: 'bulk',
        procore: null,
        templateBefore: null,
        templateAfter: { id: '9200', name: 'SALUS Project Integration' },
        by: 'Ada Admin',
        at: '2026-03-03T12:01:00.000Z',
      },
      {
        id: '302',
        name: 'Depot',
        action: 'add',
        outcome: 'failed',
        note: null,
        procore: { status: 403, message: 'Project is archived' },
        templateBefore: null,
        templateAfter: null,
        by: 'Ada Admin',
        at: '2026-03-03T12:01:00.000Z',
      },
    ],
    ...overrides,
  };
}
