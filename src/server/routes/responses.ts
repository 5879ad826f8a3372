import { z } from 'zod';
import {
  STEP_IDS,
  type AutoRepair,
  type AutoRepairStart,
  type CompanyStatus,
  type LedgerOutcome,
  type PauseReason,
  type Plan,
  type ProjectPage,
  type RunProgress,
  type RunReport,
  type StepDetails,
  type StepReason,
  type SupportCompanyDetail,
  type SupportCompanyRow,
  type SupportOutbox,
  type UndoPlanSummary,
  type Watch,
} from '../../api/contract.ts';
import { accountSummarySchema, fieldChangeSchema } from '../../setup/plan-schema.ts';
import { LEDGER_OUTCOMES } from '../store/ledger.ts';
import { pauseReasonSchema } from '../store/runs.ts';

/**
 * What each app API route answers, as zod schemas for Fastify's serializer: an answer that does
 * not match fails loudly on our side (500, logged) instead of reaching the SPA, and a field not
 * in the contract (a token, a raw Procore record) is dropped, never sent. Each schema is checked
 * against its contract type in both directions (`Exact`), so the two cannot drift apart.
 */

/** True when A and B are the same type (optional and nullable fields included). */
type Exact<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when the schema's output is exactly the contract type. */
function exact<Contract>() {
  return <S extends z.ZodType>(
    schema: S & (Exact<z.output<S>, Contract> extends true ? S : never),
  ) => schema;
}

const id = z.string();
const at = z.string();
const stepId = z.enum(STEP_IDS);
const checkState = z.enum(['complete', 'needs-attention', 'cannot-check']);
const procoreAnswer = z.object({ status: z.number().nullable(), message: z.string() });
const template = z.object({ id, name: z.string() });
const person = z.object({ id, name: z.string() });
const projectProblem = z.object({
  projectId: id,
  projectName: z.string(),
  status: z.number().nullable(),
  message: z.string().nullable(),
});
const privilegeExcess = z.object({
  scope: z.enum(['company', 'project']),
  template,
  adminTools: z.array(z.string()).nullable(),
  projects: z.number(),
});
const accountField = fieldChangeSchema.shape.field;
const fieldValue = fieldChangeSchema.shape.from;

const stepDetails = exact<StepDetails>()(
  z.discriminatedUnion('step', [
    z.object({
      step: z.literal('admin'),
      isAdmin: z.boolean(),
      accessLevel: z.string().nullable(),
    }),
    z.object({
      step: z.literal('app-installed'),
      installed: z.boolean(),
      installationId: id.nullable(),
      version: z.string().nullable(),
      pendingOperation: z.boolean(),
      updateAvailable: z.boolean(),
      appVersionId: z.string(),
    }),
    z.object({
      step: z.literal('service-account'),
      account: accountSummarySchema.nullable(),
      candidates: z.array(accountSummarySchema),
      method: z.enum(['client-credentials', 'directory-search']).nullable(),
    }),
    z.object({
      step: z.literal('company-template'),
      current: template.nullable(),
      requiredName: z.string(),
      required: template.nullable(),
    }),
    z.object({
      step: z.literal('new-projects'),
      addToNewProjects: z.boolean().nullable(),
      evidence: z.object({ source: z.enum(['read', 'patch-response']), at }).nullable(),
      currentDefault: template.nullable(),
      requiredName: z.string(),
      required: template.nullable(),
    }),
    z.object({
      step: z.literal('project-access'),
      activeTotal: z.number(),
      onWithTemplate: z.number(),
      missing: z.number(),
      wrongTemplate: z.number(),
      unverified: z.number(),
      inactiveTotal: z.number(),
      membershipFrom: z.enum(['project-assignments', 'lists', 'per-project']),
      fallback: z.enum(['account-is-company-admin', 'list-holds-other-projects']).nullable(),
      templatesVerified: z.number(),
      templatesVerifiedAt: at.nullable(),
    }),
    z.object({
      step: z.literal('connection-test'),
      visibleProjects: z.number(),
      activeProjects: z.number(),
      sampled: z.number(),
      readable: z.array(z.string()),
      failures: z.array(projectProblem),
    }),
    z.object({ step: z.literal('over-privilege'), excess: z.array(privilegeExcess) }),
    z.object({
      step: z.literal('support-notified'),
      status: z.enum(['delivered', 'queued', 'held', 'not-yet']),
      at: at.nullable(),
    }),
  ]),
);

const stepReason = exact<StepReason>()(
  z.discriminatedUnion('code', [
    z.object({ code: z.literal('not-directory-admin'), accessLevel: z.string().nullable() }),
    z.object({ code: z.literal('not-installed') }),
    z.object({ code: z.literal('not-connected') }),
    z.object({ code: z.literal('pending-operation') }),
    z.object({ code: z.literal('update-available') }),
    z.object({ code: z.literal('several-candidates'), count: z.number() }),
    z.object({ code: z.literal('not-found'), prefix: z.string() }),
    z.object({ code: z.literal('waiting'), step: stepId }),
    z.object({ code: z.literal('procore-error'), procore: procoreAnswer }),
    z.object({ code: z.literal('could-not-check') }),
    z.object({
      code: z.literal('template-missing'),
      kind: z.enum(['company', 'project']),
      name: z.string(),
    }),
    z.object({
      code: z.literal('wrong-template'),
      current: z.string().nullable(),
      required: z.string(),
    }),
    z.object({
      code: z.literal('wrong-default-template'),
      current: z.string().nullable(),
      required: z.string(),
    }),
    z.object({ code: z.literal('flag-unknown') }),
    z.object({ code: z.literal('not-added-to-new-projects') }),
    z.object({ code: z.literal('run-in-progress') }),
    z.object({
      code: z.literal('projects-missing'),
      on: z.number(),
      total: z.number(),
      missing: z.number(),
      wrongTemplate: z.number(),
      unverified: z.number(),
    }),
    z.object({ code: z.literal('limited-view'), count: z.number() }),
    z.object({
      code: z.literal('cannot-read'),
      failed: z.number(),
      sampled: z.number(),
      project: z.string(),
    }),
    z.object({
      code: z.literal('projects-not-visible'),
      visible: z.number(),
      active: z.number(),
    }),
    z.object({ code: z.literal('over-privileged'), excess: z.array(privilegeExcess) }),
    z.object({ code: z.literal('not-yet') }),
  ]),
);

const pauseReason = exact<PauseReason>()(pauseReasonSchema);
const origin = z.enum(['person', 'rule']);

export const autoRepairSchema = exact<AutoRepair>()(
  z.object({
    state: z.enum(['off', 'on', 'paused']),
    admin: person.nullable(),
    since: at.nullable(),
    pausedReason: z.enum(['sign-in-again', 'not-admin', 'app-not-connected']).nullable(),
    lastRepair: z.object({ runId: id, at }).nullable(),
  }),
);

export const autoRepairStartResponse = exact<AutoRepairStart>()(z.object({ startUrl: z.string() }));

const ledgerOutcome = z.enum(LEDGER_OUTCOMES as [LedgerOutcome, ...LedgerOutcome[]]);

export const runProgressResponse = exact<RunProgress>()(
  z.object({
    runId: id,
    companyId: id,
    status: z.enum(['running', 'paused', 'trial-done', 'succeeded', 'failed', 'cancelled']),
    kind: z.enum(['fix', 'undo']),
    origin,
    phase: z.enum(['account', 'projects', 'verify', 'done']),
    accountChanges: z.array(accountField),
    total: z.number(),
    counts: z.record(ledgerOutcome, z.number()),
    etaSeconds: z.number().nullable(),
    pausedReason: pauseReason.nullable(),
    cancelRequested: z.boolean(),
    trial: z.object({ projectId: id, projectName: z.string(), readable: z.boolean() }).nullable(),
    failures: z.array(projectProblem),
    startedBy: person,
    startedAt: at,
    resumedBy: person.extend({ at }).nullable(),
    finishedAt: at.nullable(),
  }),
);

const watchEvents = z.enum(['on', 'not-allowed', 'unavailable', 'pending']);
const watchProject = z.object({ id, name: z.string() });

const watchDrift = z.discriminatedUnion('kind', [
  z.object({
    since: at,
    kind: z.literal('not-on-project'),
    project: z.object({ id, name: z.string().nullable() }),
  }),
  z.object({ since: at, kind: z.literal('left-project'), project: watchProject }),
  z.object({
    since: at,
    kind: z.literal('project-template'),
    project: watchProject,
    templateName: z.string().nullable(),
  }),
  z.object({
    since: at,
    kind: z.literal('account-setting'),
    field: accountField,
    now: fieldValue,
  }),
]);

export const watchSchema = exact<Watch>()(
  z.object({
    state: z.enum(['watching', 'stopped']),
    events: watchEvents,
    lastVerifiedAt: at.nullable(),
    lastEventAt: at.nullable(),
    nextCheckAt: at.nullable(),
    newProjectsUnverifiedSince: at.nullable(),
    drift: z.array(watchDrift),
  }),
);

export const companyStatusResponse = exact<CompanyStatus>()(
  z.object({
    companyId: id,
    companyName: z.string(),
    webBaseUrl: z.string(),
    checkedAt: at,
    viewer: z.object({ canFix: z.boolean() }),
    steps: z.array(
      z.object({
        id: stepId,
        state: checkState,
        reason: stepReason.nullable(),
        details: stepDetails.nullable(),
        procore: z.object({ path: z.array(z.string()), url: z.string().nullable() }).nullable(),
      }),
    ),
    complete: z.boolean(),
    completion: z
      .object({
        id,
        completedAt: at,
        completedBy: person,
        supportNotice: z.enum(['delivered', 'queued', 'held']),
        runId: id.nullable().optional(),
      })
      .nullable(),
    activeRun: runProgressResponse.nullable(),
    watch: watchSchema.nullable(),
    autoRepair: autoRepairSchema,
  }),
);

export const projectPageResponse = exact<ProjectPage>()(
  z.object({
    items: z.array(
      z.object({
        id,
        name: z.string(),
        projectNumber: z.string().nullable(),
        template: z.string().nullable(),
      }),
    ),
    page: z.number(),
    perPage: z.number(),
    total: z.number(),
  }),
);

export const planResponse = exact<Plan>()(
  z.object({
    planId: id.nullable(),
    companyId: id,
    createdAt: at,
    account: accountSummarySchema.nullable(),
    userChanges: z.array(fieldChangeSchema),
    addProjects: z.number(),
    retemplateProjects: z.number(),
    createTemplates: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['company', 'project']),
        levels: z.record(z.string(), z.string()),
      }),
    ),
    requests: z.number(),
    estimatedSeconds: z.number(),
    budget: z.object({
      hourlyLimit: z.number(),
      hourlyAssumed: z.boolean(),
      crossesHour: z.boolean(),
    }),
    blockedBy: z.object({ step: stepId }).nullable(),
  }),
);

export const undoPlanResponse = exact<UndoPlanSummary>()(
  z.object({
    runId: id,
    companyId: id,
    account: accountSummarySchema.nullable(),
    userChanges: z.array(fieldChangeSchema),
    flagUnknown: z.boolean(),
    removeProjects: z.number(),
    requests: z.number(),
    estimatedSeconds: z.number(),
    turnsOffAutoRepair: z.boolean(),
  }),
);

const templateRef = z.object({ id, name: z.string().nullable() }).nullable();

export const runReportResponse = exact<RunReport>()(
  z.object({
    runId: id,
    kind: z.enum(['fix', 'undo']),
    origin,
    companyName: z.string(),
    startedAt: at,
    account: person.nullable(),
    accountChanges: z.array(
      z.object({
        field: accountField,
        from: fieldValue,
        fromName: z.string().nullable(),
        to: fieldValue,
        toName: z.string().nullable(),
        by: z.string(),
        at,
      }),
    ),
    projects: z.array(
      z.object({
        id,
        name: z.string(),
        action: z.enum(['add', 'retemplate', 'remove']),
        outcome: ledgerOutcome,
        note: z
          .enum(['verified', 'not-visible', 'already-removed', 'bulk', 'no-result'])
          .nullable(),
        procore: procoreAnswer.nullable(),
        templateBefore: templateRef,
        templateAfter: templateRef,
        by: z.string(),
        at,
      }),
    ),
  }),
);

export const okResponse = z.object({ ok: z.literal(true) });

const supportRow = z.object({
  companyId: id,
  companyName: z.string(),
  state: z.enum(['complete', 'needs-attention', 'drifted', 'running', 'unknown']),
  checkedAt: at.nullable(),
  completedAt: at.nullable(),
  problems: z.array(stepId),
  unchecked: z.array(stepId),
  drift: z.object({ since: at, changes: z.array(stepId) }).nullable(),
  watch: z
    .object({
      state: z.enum(['watching', 'stopped']),
      events: watchEvents,
      lastVerifiedAt: at.nullable(),
      lastEventAt: at.nullable(),
      newProjectsUnverifiedSince: at.nullable(),
      openDrift: z.number().int(),
      driftSince: at.nullable(),
      driftKinds: z.array(
        z.enum(['not-on-project', 'left-project', 'project-template', 'account-setting']),
      ),
    })
    .nullable(),
});

export const supportCompaniesResponse = exact<SupportCompanyRow[]>()(z.array(supportRow));

export const supportCompanyDetailResponse = exact<SupportCompanyDetail>()(
  z.object({
    company: supportRow,
    latestRun: z
      .object({ id, kind: z.enum(['fix', 'undo']), origin, status: z.string(), startedAt: at })
      .nullable(),
    recentAccess: z.array(
      z.object({
        at,
        email: z.string().nullable(),
        via: z.enum(['sign-in', 'break-glass']),
        view: z.enum(['list', 'detail', 'report', 'notices']),
      }),
    ),
    watchDrift: z.array(watchDrift),
    autoRepair: autoRepairSchema,
  }),
);

export const supportOutboxResponse = exact<SupportOutbox>()(
  z.object({
    notices: z.array(
      z.object({
        id,
        kind: z.string(),
        companyId: id.nullable(),
        companyName: z.string().nullable(),
        step: stepId.nullable(),
        status: z.enum(['pending', 'delivered', 'failed', 'held']),
        attempts: z.number(),
        createdAt: at,
        deliveredAt: at.nullable(),
        lastError: z.string().nullable(),
        payload: z.unknown(),
      }),
    ),
    jobs: z.object({
      queued: z.number(),
      oldestSeconds: z.number().nullable(),
      failed: z.number(),
      deadLetters: z.number(),
    }),
  }),
);
