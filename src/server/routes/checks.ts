import type { FastifyReply } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { CheckState, ProcoreBusy, StepId } from '../../api/contract.ts';
import type { Id } from '../../procore/index.ts';
import type { CompanyCheck } from '../../setup/check.ts';
import type { SetupContext } from '../../setup/context.ts';
import type { CompanyService, Viewer } from '../company-service.ts';
import { HttpError } from '../errors.ts';
import { createFlights, DEFAULT_FLIGHT_OPTIONS, StillWorkingError } from '../interactive.ts';
import type { Session, Store } from '../store/index.ts';

/**
 * Live checks for the screens: one flight per viewer and company within the interactive
 * deadline (interactive.ts), and the last full check kept a minute for paging the projects and
 * for the review. The cache is per instance and only saves requests: the reviewed plan itself is
 * a record in the store (routes/companies.ts).
 */

/** A check stays usable for paging and reviewing this long. */
const CHECK_TTL_MS = 60_000;
/** Viewers' companies kept at once per instance. */
const CHECK_CACHE_SIZE = 500;
/** When the screen asks again after "Procore is busy". */
const BUSY_RETRY_SECONDS = 5;

export interface CachedCheck {
  ctx: SetupContext;
  check: CompanyCheck;
  /** When its facts were read (the service's clock). */
  at: Date;
}

type StatusResult = Awaited<ReturnType<CompanyService['status']>>;

export function createCheckCache(deps: {
  companies: CompanyService;
  store: Store;
  interactiveDeadlineMs?: number;
}) {
  const { companies, store } = deps;
  const flights = createFlights<StatusResult>({
    ...DEFAULT_FLIGHT_OPTIONS,
    deadlineMs: deps.interactiveDeadlineMs ?? DEFAULT_FLIGHT_OPTIONS.deadlineMs,
  });
  const checks = new LRUCache<string, CachedCheck>({ max: CHECK_CACHE_SIZE, ttl: CHECK_TTL_MS });
  const keyOf = (viewer: Viewer, cid: Id) => `${viewer.sessionId}:${cid}`;

  /** What the last finished check of the company found (the store's record of it). */
  async function busy(cid: Id): Promise<ProcoreBusy> {
    const last = await store.companyStatus.get(cid);
    const steps = (last?.snapshot as { steps?: { id: StepId; state: CheckState }[] } | null)?.steps;
    return {
      retryAfterSeconds: BUSY_RETRY_SECONDS,
      known:
        last && steps
          ? {
              checkedAt: last.checkedAt.toISOString(),
              steps: steps.map((step) => ({ id: step.id, state: step.state })),
            }
          : null,
    };
  }

  /**
   * A live check for the screen: joined by every request that asks meanwhile; past the deadline
   * the answer is "Procore is busy" with what the last finished check found.
   */
  async function fresh(
    viewer: Viewer,
    session: Session,
    cid: Id,
    reply: FastifyReply,
    options: { skipProjectReads?: boolean } = {},
  ): Promise<StatusResult> {
    const key = `${keyOf(viewer, cid)}:${options.skipProjectReads ? 'run' : 'all'}`;
    try {
      return await flights.join(key, reply, async (signal) => {
        const result = await companies.status(viewer, cid, session.companies, {
          ...options,
          signal,
        });
        // As of when the check finished: a check paced over many minutes is not old at its end.
        const at = new Date(companies.now());
        // A check that left the projects to a running fix is not one to page or plan from.
        if (!options.skipProjectReads)
          checks.set(keyOf(viewer, cid), { ctx: result.ctx, check: result.check, at });
        return result;
      });
    } catch (error) {
      if (!(error instanceof StillWorkingError)) throw error;
      throw new HttpError(503, 'procore-busy', error.message, { busy: await busy(cid) });
    }
  }

  return {
    fresh,

    /** The last full check of this viewer's company if at most a minute old, else a fresh one. */
    async cached(
      viewer: Viewer,
      session: Session,
      cid: Id,
      reply: FastifyReply,
    ): Promise<CachedCheck> {
      const hit = checks.get(keyOf(viewer, cid));
      // Aged by the service's clock too (the Procore clock the plans are dated by).
      if (hit && companies.now() - hit.at.getTime() < CHECK_TTL_MS) return hit;
      const { ctx, check } = await fresh(viewer, session, cid, reply);
      return checks.get(keyOf(viewer, cid)) ?? { ctx, check, at: new Date(companies.now()) };
    },

    /** After a write: the next screen checks again. */
    forget(viewer: Viewer, cid: Id) {
      checks.delete(keyOf(viewer, cid));
    },

    /** Checks still going for a screen that got "busy" end with the server. */
    abortAll(reason: Error) {
      flights.abortAll(reason);
    },
  };
}

export type CheckCache = ReturnType<typeof createCheckCache>;
