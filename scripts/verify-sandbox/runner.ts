import {
  createProcoreClient,
  createProcoreHttp,
  isProcoreApiError,
  type Id,
} from '../../src/procore/index.ts';
import {
  addToNewProjectsOnReadFact,
  appUidFact,
  dmsaMeFact,
  patchRequiresLastNameFact,
  projectToolsTypesFact,
} from './directory-facts.ts';
import { companyMeFact, dmsaProjectListFact } from './service-account-facts.ts';
import {
  addExistingMemberFact,
  addToInactiveProjectFact,
  bulkAddFact,
  pickSubject,
  projectAssignmentsFact,
} from './membership-facts.ts';
import {
  codeLocationFact,
  pkceFact,
  twoAuthorizationsFact,
  type ChainProbe,
} from './oauth-facts.ts';
import {
  corsExposeFact,
  rateLimitHeadersFact,
  rateLimitWindowFact,
  type CorsProbe,
} from './rate-limit-facts.ts';
import type { SeenResponse } from './recorder.ts';
import { webhookFacts, type WebhookProbe } from './webhook-facts.ts';
import {
  result,
  type FactId,
  type FactResult,
  type Identity,
  type LoginObservation,
  type VerifyReport,
} from './types.ts';

/**
 * Runs every fact check against one Procore company and collects the report. Each check that
 * throws becomes "could not tell" with the error, so one refusal never hides the other facts.
 */

export interface VerifyContext {
  loginBaseUrl: string;
  apiBaseUrl: string;
  companyId: Id;
  clientId: string;
  /** `SALUS_ACCOUNT_PREFIX`, default `salus-integration-`. */
  accountPrefix: string;
  /** The signed-in user; null when no user token could be had (`userProblem` says why). */
  user: Identity | null;
  userProblem?: string | null;
  /** The app's client-credentials identity; null when the grant failed. */
  app: Identity | null;
  appProblem?: string | null;
  /** Every response of both identities, for the rate-limit fact. */
  seen: readonly SeenResponse[];
  cors: CorsProbe | null;
  login: LoginObservation | null;
  /** The sandbox user the membership checks act on (`VERIFY_USER_ID`); picked when absent. */
  subjectUserId?: Id | null;
  /**
   * Two consents of the signed-in user (`VERIFY_SECOND_CONSENT`): checked last, since it spends
   * and revokes tokens.
   */
  chains?: ChainProbe | null;
  /** A webhook receiver Procore can reach (`VERIFY_WEBHOOK_URL`); without one, deliveries are not seen. */
  webhooks?: WebhookProbe | null;
  onResult?: (r: FactResult) => void;
  now?: () => Date;
}

/** An identity whose every response lands in `fetch`'s recorder. */
export function identity(apiBaseUrl: string, accessToken: string, fetch: typeof globalThis.fetch) {
  const http = createProcoreHttp({
    apiBaseUrl,
    getAccessToken: async () => accessToken,
    fetch,
    maxRetries: 3,
  });
  return { http, client: createProcoreClient(http) } satisfies Identity;
}

function errorText(err: unknown): string {
  if (isProcoreApiError(err))
    return `${err.method} ${err.path} → ${err.status ?? err.kind} "${err.procoreMessage}"`;
  return err instanceof Error ? err.message : String(err);
}

export async function runVerification(ctx: VerifyContext): Promise<VerifyReport> {
  const results: FactResult[] = [];
  const record = (r: FactResult) => {
    results.push(r);
    ctx.onResult?.(r);
  };
  const check = async (fact: FactId, run: () => Promise<FactResult> | FactResult) => {
    try {
      record(await run());
    } catch (err) {
      record(result(fact, 'could-not-tell', errorText(err)));
    }
  };
  const { companyId, user } = ctx;
  const noUser = `no user token${ctx.userProblem ? `: ${ctx.userProblem}` : ''}`;
  const withUser = (fact: FactId, run: (u: Identity) => Promise<FactResult>) =>
    check(fact, () => (user ? run(user) : result(fact, 'could-not-tell', noUser)));

  await check('pkce', () => pkceFact(ctx.login));
  await check('code-location', () => codeLocationFact(ctx.login));

  let signedInUserId: Id | null = null;
  let subject: Id | null = ctx.subjectUserId ?? null;
  if (user) {
    try {
      signedInUserId = (await user.client.me(companyId)).id;
      subject ??= await pickSubject(user, companyId, {
        signedInUserId,
        prefix: ctx.accountPrefix,
      });
    } catch {
      // The checks below say what failed.
    }
  }
  await withUser('add-to-new-projects-on-read', (u) =>
    addToNewProjectsOnReadFact(u, companyId, signedInUserId ?? subject ?? ''),
  );
  await check('dmsa-me', () => dmsaMeFact(ctx.app, companyId, ctx.accountPrefix, ctx.appProblem));
  await check('company-me-flag', () => companyMeFact(ctx.app, companyId, ctx.appProblem));
  const app = ctx.app;
  const accountId = app
    ? await app.client
        .companyMe(companyId)
        .catch(() => app.client.meAsServiceAccount(companyId))
        .then((me) => me.id)
        .catch(() => null)
    : null;
  await withUser('dmsa-project-list', (u) =>
    dmsaProjectListFact(ctx.app, u, companyId, accountId, ctx.appProblem),
  );
  await withUser('app-uid', (u) => appUidFact(u, companyId, ctx.clientId));
  await withUser('project-tools-types', (u) => projectToolsTypesFact(u, companyId));
  await withUser('project-assignments', (u) =>
    projectAssignmentsFact(u, companyId, signedInUserId ?? subject ?? ''),
  );
  await withUser('bulk-add', (u) => bulkAddFact(u, companyId));
  await withUser('add-existing-member', (u) => addExistingMemberFact(u, companyId, subject));
  await withUser('add-to-inactive-project', (u) => addToInactiveProjectFact(u, companyId, subject));
  await withUser('patch-requires-last-name', (u) =>
    patchRequiresLastNameFact(u, companyId, subject),
  );
  try {
    const found = await webhookFacts({
      app: ctx.app,
      appProblem: ctx.appProblem,
      user,
      companyId,
      clientId: ctx.clientId,
      subjectUserId: subject,
      probe: ctx.webhooks ?? null,
    });
    found.forEach(record);
  } catch (err) {
    record(result('webhook-hooks', 'could-not-tell', errorText(err)));
    record(result('webhook-delivery', 'could-not-tell', errorText(err)));
  }
  await check('cors-expose-headers', () =>
    ctx.cors
      ? corsExposeFact(ctx.cors, companyId)
      : result('cors-expose-headers', 'could-not-tell', noUser),
  );
  await check('rate-limit-headers', () => rateLimitHeadersFact(ctx.seen));
  await check('rate-limit-window', () => rateLimitWindowFact(ctx.seen));
  await check('two-authorizations', () => twoAuthorizationsFact(ctx.chains ?? null));

  return {
    generatedAt: (ctx.now?.() ?? new Date()).toISOString(),
    loginUrl: ctx.loginBaseUrl,
    apiUrl: ctx.apiBaseUrl,
    companyId,
    results,
  };
}

const LABEL = { confirmed: 'confirmed', differs: 'differs', 'could-not-tell': 'could not tell' };

/** One line per fact, for the terminal. */
export function formatResult(r: FactResult): string {
  return `${LABEL[r.outcome].padEnd(14)} ${r.fact}: ${r.evidence}`;
}
