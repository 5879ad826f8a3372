import { createFakeProcore, type FakeProcoreOptions } from '../../src/fake-procore/fake.ts';
import { createProcoreHandlers } from '../../src/fake-procore/handlers.ts';
import { SALUS_CLIENT_ID } from '../../src/fake-procore/scenario-kit.ts';
import {
  createProcoreClient,
  createProcoreHttp,
  createRatePacer,
  FAN_OUT_CONCURRENCY,
  type Clock,
  type Id,
} from '../../src/procore/index.ts';
import type { SetupContext } from '../../src/setup/context.ts';
import type { JournalItem, RunJournal } from '../../src/setup/run.ts';
import type { LedgerOutcome } from '../../src/api/contract.ts';
import type { FixPlan } from '../../src/setup/plan.ts';
import { server } from './msw.ts';

/**
 * The setup engine against the fake Procore, in process (msw `setupServer`), with the real
 * client. Each test owns its fake company.
 */
export const PROCORE = 'http://procore.test';

export const NAMES = {
  companyTemplate: 'SALUS Integration Account',
  projectTemplate: 'SALUS Project Integration',
  accountPrefix: 'salus-integration-',
};

/** Sleeps advance a virtual clock at once: pacing and backoff without waiting. */
export function instantClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      offset += ms;
    },
  };
}

export { server };

export function useFakeProcore(options: FakeProcoreOptions = {}) {
  const fake = createFakeProcore(options);
  server.use(...createProcoreHandlers(fake, { baseUrl: PROCORE }));
  return fake;
}

/**
 * One virtual time for the fake and the client: sleeps advance it at once, so rate-limit windows
 * really close and reopen without waiting. `skewMs` offsets the client's view only.
 */
export function virtualClock(start = Date.UTC(2026, 10, 25, 8)) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    client(skewMs = 0): Clock {
      return {
        now: () => now + skewMs,
        sleep: async (ms, signal) => {
          signal?.throwIfAborted();
          now += Math.max(0, ms);
        },
      };
    },
  };
}

export function engineContext(
  fake: ReturnType<typeof createFakeProcore>,
  overrides: Partial<SetupContext> & { userId?: Id; clock?: Clock } = {},
): SetupContext {
  const { clock = instantClock(), userId, ...rest } = overrides;
  const userToken = fake.issueUserToken(userId ?? fake.facts.signInUserId);
  const appToken = fake.issueClientToken();
  const client = (token: string) =>
    createProcoreClient(
      createProcoreHttp({
        apiBaseUrl: PROCORE,
        getAccessToken: async () => token,
        clock,
        pacer: createRatePacer({ concurrency: FAN_OUT_CONCURRENCY }),
        random: () => 0.5,
      }),
    );
  return {
    companyId: fake.facts.companyId,
    user: client(userToken.access_token),
    app: client(appToken.access_token),
    clientId: SALUS_CLIENT_ID,
    names: NAMES,
    ...rest,
  };
}

/** The ledger in memory, with the same contract as the server's store. */
export function memoryJournal(plan: FixPlan) {
  const items = new Map<
    Id,
    JournalItem & { outcome: LedgerOutcome; code?: string; message?: string }
  >();
  const templateId = plan.projectTemplateId;
  for (const p of plan.add) {
    items.set(p.id, {
      projectId: p.id,
      projectName: p.name,
      action: 'add',
      templateId,
      sentAt: null,
      outcome: 'pending',
    });
  }
  for (const p of plan.retemplate) {
    items.set(p.id, {
      projectId: p.id,
      projectName: p.name,
      action: 'retemplate',
      templateId,
      sentAt: null,
      outcome: 'pending',
    });
  }
  const audit: { target: string; field: string }[] = [];
  let evidence: { value: boolean; at: string } | null = null;
  let stopAsked = false;
  const journal: RunJournal = {
    stopRequested: async () => stopAsked,
    listPending: async (limit) =>
      [...items.values()].filter((i) => i.outcome === 'pending').slice(0, limit),
    markSent: async (ids) => {
      for (const id of ids) items.get(id)!.sentAt = new Date();
    },
    settle: async (id, outcome, code, message) => {
      Object.assign(items.get(id)!, { outcome, code, message });
    },
    audit: async (entries) => {
      audit.push(...entries);
    },
    recordEvidence: async (value) => {
      evidence = value;
    },
    resolveTemplate: async (id) => {
      for (const item of items.values()) if (item.templateId === null) item.templateId = id;
    },
  };
  return {
    journal,
    items,
    audit,
    evidence: () => evidence,
    /** An admin's Cancel: the run stops before the next thing it would send. */
    requestStop: () => {
      stopAsked = true;
    },
    outcomes: () => {
      const counts: Partial<Record<LedgerOutcome, number>> = {};
      for (const item of items.values()) counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
      return counts;
    },
  };
}
