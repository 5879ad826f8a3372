import type { ProcoreClient } from '../procore/client.ts';
import type { Id } from '../procore/types.ts';
import type { SetupMemory } from './memory.ts';

/** The names SALUS support gives customers; configurable per deployment (DESIGN.md §5). */
export interface SalusNames {
  companyTemplate: string;
  projectTemplate: string;
  accountPrefix: string;
}

/** What the engine needs to check and fix one company. Plain data plus two Procore clients. */
export interface SetupContext {
  companyId: Id;
  /** Acts as the signed-in Procore user. */
  user: ProcoreClient;
  /** Acts as the app itself (client-credentials token): the SALUS service account. */
  app: ProcoreClient;
  /** Our OAuth client id; our installation's `app_uid` (UNCONFIRMED: else matched by name). */
  clientId: string;
  names: SalusNames;
  /** The account an admin picked when several candidates matched the prefix. */
  chosenAccountId?: Id | null;
  /** Procore's PATCH response, recorded, when reads do not return `add_to_new_projects`. */
  addToNewProjectsEvidence?: { value: boolean; at: string } | null;
  /** How many projects the connection test reads as the service account (all when fewer). */
  connectionSample?: number;
  /** What earlier checks learnt (beta endpoints not offered, verified templates). */
  memory?: SetupMemory;
  /** The app token's hourly limit as last seen (template reads get 10 % of it). */
  appHourlyLimit?: number;
  /**
   * A fix is running for the company: leave project membership alone (it changes under the run,
   * and reading it costs requests the run needs); it is checked once the run ends.
   */
  skipProjectReads?: boolean;
  now?: () => number;
  signal?: AbortSignal;
}

/** The SALUS app's name as Procore shows it; the fallback match for our installation. */
export const SALUS_APP_NAME = /\bsalus\b/i;

/** The App Version ID customers install (seed instructions, Step 1). */
export const SALUS_APP_VERSION_ID = '942ce720-c74e-4644-a15c-e4b09c5ee700';

export const sameName = (a: string | null | undefined, b: string) =>
  (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
