import type { Db } from './db.ts';

export interface Migration {
  /** Applied in ascending order; never renumber or edit one that has shipped. */
  id: number;
  name: string;
  sql: string;
}

/**
 * The schema. Procore IDs are TEXT: they are decimal strings that can exceed 2^53.
 * Secrets that act as bearer tokens (session ids, handoff codes) are stored as SHA-256 hex.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
      -- Single-use OAuth state, bound to the iframe's nonce; valid for 10 minutes.
      CREATE TABLE oauth_states (
        state       text PRIMARY KEY,
        nonce_hash  text NOT NULL,
        company_id  text,
        created_at  timestamptz NOT NULL,
        used_at     timestamptz
      );
      CREATE INDEX oauth_states_created_at ON oauth_states (created_at);

      -- id is the SHA-256 of the session id the browser holds, never the id itself.
      CREATE TABLE sessions (
        id                 text PRIMARY KEY,
        procore_user_id    text NOT NULL,
        login              text,
        name               text,
        access_token_enc   text,
        refresh_token_enc  text,
        access_expires_at  timestamptz,
        companies          jsonb NOT NULL DEFAULT '[]',
        created_at         timestamptz NOT NULL,
        last_seen_at       timestamptz NOT NULL,
        revoked_at         timestamptz
      );
      CREATE INDEX sessions_procore_user_id ON sessions (procore_user_id);

      -- One-time popup → iframe handoff codes. code is the SHA-256 of the code.
      CREATE TABLE handoffs (
        code        text PRIMARY KEY,
        session_id  text NOT NULL REFERENCES sessions (id) ON UPDATE CASCADE ON DELETE CASCADE,
        state       text NOT NULL,
        created_at  timestamptz NOT NULL,
        used_at     timestamptz
      );
      CREATE INDEX handoffs_created_at ON handoffs (created_at);
      CREATE INDEX handoffs_session_id ON handoffs (session_id);

      CREATE TABLE company_status (
        company_id         text PRIMARY KEY,
        company_name       text NOT NULL,
        state              text NOT NULL,
        checked_at         timestamptz NOT NULL,
        completed_at       timestamptz,
        completed_by_id    text,
        completed_by_name  text,
        problems           jsonb NOT NULL DEFAULT '[]',
        snapshot           jsonb
      );
      CREATE INDEX company_status_state ON company_status (state);

      CREATE TABLE runs (
        id               text PRIMARY KEY,
        company_id       text NOT NULL,
        started_by_id    text NOT NULL,
        started_by_name  text NOT NULL,
        status           text NOT NULL
          CHECK (status IN ('running', 'paused', 'succeeded', 'failed', 'cancelled')),
        plan             jsonb NOT NULL,
        paused_reason    text,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        finished_at      timestamptz,
        summary          jsonb
      );
      CREATE INDEX runs_company_created ON runs (company_id, created_at DESC);
      -- At most one unfinished run per company, whichever instance started it.
      CREATE UNIQUE INDEX runs_one_active_per_company ON runs (company_id)
        WHERE status IN ('running', 'paused');

      -- The run ledger: one row per project, written before and after each Procore call.
      CREATE TABLE run_items (
        run_id        text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        project_id    text NOT NULL,
        project_name  text NOT NULL,
        action        text NOT NULL CHECK (action IN ('add', 'retemplate')),
        template_id   text NOT NULL,
        outcome       text NOT NULL DEFAULT 'pending' CHECK (outcome IN
          ('pending', 'added', 'already_member', 'retemplated', 'failed', 'skipped')),
        code          text,
        message       text,
        attempts      integer NOT NULL DEFAULT 0,
        -- Set before a write is sent: on resume, a set sent_at means the write may have landed.
        sent_at       timestamptz,
        updated_at    timestamptz NOT NULL,
        PRIMARY KEY (run_id, project_id)
      );
      CREATE INDEX run_items_run_outcome ON run_items (run_id, outcome);

      CREATE TABLE leases (
        name        text PRIMARY KEY,
        owner       text NOT NULL,
        expires_at  timestamptz NOT NULL
      );

      CREATE TABLE audit (
        id          bigserial PRIMARY KEY,
        company_id  text NOT NULL,
        run_id      text,
        actor_id    text NOT NULL,
        actor_name  text NOT NULL,
        at          timestamptz NOT NULL,
        target      text NOT NULL,
        field       text NOT NULL,
        old_value   jsonb,
        new_value   jsonb
      );
      CREATE INDEX audit_company ON audit (company_id, id DESC);
      CREATE INDEX audit_run ON audit (run_id, id) WHERE run_id IS NOT NULL;

      CREATE TABLE completions (
        id                 text PRIMARY KEY,
        company_id         text NOT NULL,
        completed_at       timestamptz NOT NULL,
        completed_by_id    text,
        completed_by_name  text,
        record             jsonb NOT NULL
      );
      CREATE INDEX completions_company ON completions (company_id, completed_at DESC);

      CREATE TABLE outbox (
        id               text PRIMARY KEY,
        kind             text NOT NULL,
        company_id       text,
        payload          jsonb NOT NULL,
        idempotency_key  text NOT NULL UNIQUE,
        status           text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'delivered', 'failed', 'held')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL,
        last_error       text,
        created_at       timestamptz NOT NULL,
        delivered_at     timestamptz
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
    `,
  },
  {
    id: 2,
    name: 'sign-in results and company settings',
    sql: `
      -- The popup's outcome, kept by state for an iframe that missed its postMessage
      -- (procore-platform.md §11.3 "Fallback handoff"); gone with its oauth_states row.
      CREATE TABLE sign_in_results (
        state        text PRIMARY KEY REFERENCES oauth_states (state) ON DELETE CASCADE,
        handoff_enc  text,
        error        text,
        created_at   timestamptz NOT NULL
      );

      -- Per-company choices and evidence that outlive a check.
      CREATE TABLE company_settings (
        company_id         text PRIMARY KEY,
        chosen_account_id  text,
        evidence           jsonb,
        updated_at         timestamptz NOT NULL
      );
    `,
  },
  {
    id: 3,
    name: 'disconnected companies',
    sql: `
      -- When the SALUS app was found uninstalled or disconnected, and when the company's
      -- personal data was purged after the retention period (README, "Data retention").
      ALTER TABLE company_settings ADD COLUMN disconnected_at timestamptz;
      ALTER TABLE company_settings ADD COLUMN purged_at timestamptz;
    `,
  },
  {
    id: 4,
    name: 'undo runs',
    sql: `
      -- An undo removes the memberships its fix added: ledger action 'remove', outcome 'removed'.
      ALTER TABLE run_items DROP CONSTRAINT run_items_action_check;
      ALTER TABLE run_items ADD CONSTRAINT run_items_action_check
        CHECK (action IN ('add', 'retemplate', 'remove'));
      ALTER TABLE run_items DROP CONSTRAINT run_items_outcome_check;
      ALTER TABLE run_items ADD CONSTRAINT run_items_outcome_check CHECK (outcome IN
        ('pending', 'added', 'already_member', 'retemplated', 'removed', 'failed', 'skipped'));
    `,
  },
  {
    id: 5,
    name: 'who resumed a run',
    sql: `
      -- The admin whose sign-in a resumed run acts with from then on; the starter stays.
      ALTER TABLE runs ADD COLUMN resumed_by_id text;
      ALTER TABLE runs ADD COLUMN resumed_by_name text;
      ALTER TABLE runs ADD COLUMN resumed_at timestamptz;
    `,
  },
  {
    // 10–19: security work, numbered apart so other work lands beside it.
    id: 10,
    name: 'sign-in codes instead of polled handoffs',
    sql: `
      -- A poll no longer hands out the handoff code (anyone holding the nonce, e.g. whoever
      -- prepared a sign-in link, could redeem another person's sign-in): when the popup cannot
      -- post back, the person types the short code it shows. Only its hash is kept, with a
      -- count of attempts.
      ALTER TABLE sign_in_results DROP COLUMN handoff_enc;
      ALTER TABLE sign_in_results ADD COLUMN code_hash text;
      ALTER TABLE sign_in_results ADD COLUMN code_attempts integer NOT NULL DEFAULT 0;
    `,
  },
  {
    // Numbered apart from the others on purpose: work on other tables lands beside it.
    id: 20,
    name: 'request economy',
    sql: `
      -- What Procore told us about a company that holds for a while, per environment, until
      -- when: a beta endpoint it answered 404 for ('beta-absent:<endpoint>'), its web host.
      CREATE TABLE procore_company_facts (
        company_id   text NOT NULL,
        environment  text NOT NULL,
        fact         text NOT NULL,
        value        jsonb NOT NULL,
        until        timestamptz NOT NULL,
        PRIMARY KEY (company_id, environment, fact)
      );
      -- The service account's project template per project, as last verified.
      CREATE TABLE membership_templates (
        company_id   text NOT NULL,
        account_id   text NOT NULL,
        project_id   text NOT NULL,
        template_id  text,
        verified_at  timestamptz NOT NULL,
        source       text NOT NULL CHECK (source IN ('read', 'assignments', 'run')),
        PRIMARY KEY (company_id, account_id, project_id)
      );
      -- What Procore last reported of a token's windows ('<identity>:<company>|spike|hourly'),
      -- so several instances pace against the same numbers (reset in Unix seconds).
      CREATE TABLE procore_windows (
        key         text PRIMARY KEY,
        rate_limit  integer,
        remaining   integer NOT NULL,
        reset       bigint NOT NULL,
        updated_at  timestamptz NOT NULL
      );
      -- Procore's hourly limit as last seen per kind of token ('user', 'app').
      CREATE TABLE procore_budgets (
        token_kind    text PRIMARY KEY,
        hourly_limit  integer NOT NULL,
        seen_at       timestamptz NOT NULL
      );
    `,
  },
  {
    // Issue 13 (security, part B) numbers its migrations from 31, apart from other work.
    id: 31,
    name: 'lease fencing tokens',
    sql: `
      -- Grows with every acquisition; the holder's ledger writes check it (issue 13, item 11).
      ALTER TABLE leases ADD COLUMN fence integer NOT NULL DEFAULT 0;
    `,
  },
  {
    id: 32,
    name: 'token refresh claims',
    sql: `
      -- Who is refreshing the session's tokens, and since when (database clock): one refresh
      -- per session across every instance (issue 13, item 5).
      ALTER TABLE sessions ADD COLUMN refresh_claim text;
      ALTER TABLE sessions ADD COLUMN refresh_claimed_at timestamptz;
    `,
  },
  {
    // Issue 14 (typed data) numbers its migrations from 40.
    id: 40,
    name: 'typed run record',
    sql: `
      -- The run's kind, phase and trial as columns; its pause reason as the typed JSON union;
      -- a trial's end as a state of its own (issue 14, item 3).
      ALTER TABLE runs ADD COLUMN kind text NOT NULL DEFAULT 'fix' CHECK (kind IN ('fix', 'undo'));
      ALTER TABLE runs ADD COLUMN phase text NOT NULL DEFAULT 'account'
        CHECK (phase IN ('account', 'projects', 'verify', 'done'));
      ALTER TABLE runs ADD COLUMN trial boolean NOT NULL DEFAULT false;
      UPDATE runs SET kind = 'undo' WHERE plan ? 'undo';
      UPDATE runs SET phase = summary->>'phase'
        WHERE summary->>'phase' IN ('account', 'projects', 'verify', 'done');
      UPDATE runs SET trial = true WHERE plan->>'trial' = 'true';
      ALTER TABLE runs ALTER COLUMN paused_reason TYPE jsonb USING (
        CASE WHEN paused_reason IS NULL THEN NULL
             WHEN left(paused_reason, 1) = '{' THEN paused_reason::jsonb
             ELSE '{"code": "interrupted"}'::jsonb END);
      ALTER TABLE runs DROP CONSTRAINT runs_status_check;
      ALTER TABLE runs ADD CONSTRAINT runs_status_check CHECK (status IN
        ('running', 'paused', 'trial-done', 'succeeded', 'failed', 'cancelled'));
      UPDATE runs SET status = 'trial-done', paused_reason = NULL
        WHERE status = 'paused' AND paused_reason->>'code' = 'trial-done';
      DROP INDEX runs_one_active_per_company;
      CREATE UNIQUE INDEX runs_one_active_per_company ON runs (company_id)
        WHERE status IN ('running', 'paused', 'trial-done');
      -- null: the SALUS project template the run creates first (was the empty string).
      ALTER TABLE run_items ALTER COLUMN template_id DROP NOT NULL;
      UPDATE run_items SET template_id = NULL WHERE template_id = '';
    `,
  },
  {
    id: 41,
    name: 'reviewed plans',
    sql: `
      -- The plan a review showed, so Apply runs exactly it on any instance (issue 14, item 2):
      -- the company and Procore user it was made for, who made it, when its facts were read.
      CREATE TABLE plans (
        id uuid PRIMARY KEY,
        company_id text NOT NULL,
        made_for text NOT NULL,
        made_by jsonb NOT NULL,
        facts_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        plan jsonb NOT NULL
      );
      CREATE INDEX plans_created_at ON plans (created_at);
      CREATE INDEX plans_company ON plans (company_id);
    `,
  },
  {
    id: 42,
    name: 'cancelled runs',
    sql: `
      -- Cancel (issue 15, item 3): a running run is asked to stop at its next item (any instance
      -- may take the request, the one driving the run sees it), and the items it never started
      -- are recorded as 'cancelled'.
      ALTER TABLE runs ADD COLUMN cancel_requested_at timestamptz;
      ALTER TABLE run_items DROP CONSTRAINT run_items_outcome_check;
      ALTER TABLE run_items ADD CONSTRAINT run_items_outcome_check CHECK (outcome IN
        ('pending', 'added', 'already_member', 'retemplated', 'removed', 'failed', 'skipped',
         'cancelled'));
    `,
  },
  {
    id: 43,
    name: 'support sign-in',
    sql: `
      -- SALUS support signs in as a person with OpenID Connect (issue 17, item 1). A sign-in in
      -- progress: single-use, 10 minutes, bound to the browser that started it (the hash of a
      -- cookie only that browser holds); the PKCE verifier and the nonce wait here for the callback.
      CREATE TABLE support_sign_ins (
        state_hash     text PRIMARY KEY,
        browser_hash   text NOT NULL,
        code_verifier  text NOT NULL,
        nonce          text NOT NULL,
        return_to      text NOT NULL,
        created_at     timestamptz NOT NULL,
        used_at        timestamptz
      );
      CREATE INDEX support_sign_ins_created_at ON support_sign_ins (created_at);
      -- A support person's session, separate from the Procore admins' sessions: id is the
      -- SHA-256 of the cookie's value; over after 30 minutes idle, 8 hours in all, or sign-out.
      CREATE TABLE support_sessions (
        id            text PRIMARY KEY,
        subject       text NOT NULL,
        email         text NOT NULL,
        created_at    timestamptz NOT NULL,
        last_seen_at  timestamptz NOT NULL,
        ended_at      timestamptz
      );
      CREATE INDEX support_sessions_last_seen_at ON support_sessions (last_seen_at);
    `,
  },
  {
    id: 44,
    name: 'keep it set up',
    sql: `
      -- Keeping it set up (issue 19): once a company's setup is complete, what SALUS Setup
      -- expects of the SALUS account, as the admin's check saw it, and how it hears of changes
      -- (a Procore company webhook; only the SHA-256 of the secret in its header is kept).
      CREATE TABLE company_watch (
        company_id            text PRIMARY KEY,
        state                 text NOT NULL CHECK (state IN ('watching', 'stopped')),
        account_id            text NOT NULL,
        company_template_id   text,
        project_template_id   text,
        -- Template names by id as the admin's check listed them (the SALUS account may not list
        -- templates itself): what a changed setting is called on screen.
        template_names        jsonb NOT NULL DEFAULT '{}'::jsonb,
        events                text NOT NULL DEFAULT 'pending'
                                CHECK (events IN ('pending', 'on', 'not-allowed', 'unavailable')),
        hook_id               text,
        hook_secret_hash      text,
        hook_checked_at       timestamptz,
        -- Our app as Procore names it in an event's metadata.source_application_id (UNCONFIRMED
        -- which id that is: the installation's developer app id, else our client id).
        app_id                text,
        app_version_id        text,
        update_pending        boolean NOT NULL DEFAULT false,
        -- The account is a full company admin: its own project list is every project and says
        -- nothing about where it is a member (the over-privilege step flags it).
        lists_all_projects    boolean NOT NULL DEFAULT false,
        -- The last time every active project was seen (an admin's check, or Procore's list of
        -- the account's assignments): projects created later are unverified where events are lost.
        projects_verified_at  timestamptz NOT NULL,
        unverified_since      timestamptz,
        last_verified_at      timestamptz NOT NULL,
        last_event_at         timestamptz,
        next_check_at         timestamptz NOT NULL,
        stopped_at            timestamptz,
        created_at            timestamptz NOT NULL,
        updated_at            timestamptz NOT NULL
      );
      CREATE INDEX company_watch_due ON company_watch (next_check_at) WHERE state = 'watching';
      -- The active projects the SALUS account was seen on with the SALUS project template.
      CREATE TABLE watch_projects (
        company_id    text NOT NULL,
        project_id    text NOT NULL,
        project_name  text NOT NULL,
        verified_at   timestamptz NOT NULL,
        PRIMARY KEY (company_id, project_id)
      );
      -- What changed after completion: open until a later check sees it put right.
      CREATE TABLE watch_drift (
        id            text PRIMARY KEY,
        company_id    text NOT NULL,
        kind          text NOT NULL CHECK (kind IN
                        ('not-on-project', 'left-project', 'project-template', 'account-setting')),
        -- The project's id, or the account's field.
        subject       text NOT NULL,
        project_name  text,
        -- The template's name or the setting's value now.
        value         jsonb,
        since         timestamptz NOT NULL,
        seen_at       timestamptz NOT NULL,
        found_by      text NOT NULL CHECK (found_by IN ('event', 'schedule')),
        -- When SALUS support was told (one notice per check, for everything it found new).
        notified_at   timestamptz,
        resolved_at   timestamptz
      );
      CREATE UNIQUE INDEX watch_drift_open ON watch_drift (company_id, kind, subject)
        WHERE resolved_at IS NULL;
      CREATE INDEX watch_drift_company ON watch_drift (company_id, since);
      -- Procore's deliveries, by the event's ulid (at least once: the same ulid is handled once).
      -- Kept two days, well past Procore's 12 hours of retries.
      CREATE TABLE webhook_events (
        ulid           text PRIMARY KEY,
        company_id     text NOT NULL,
        resource_name  text NOT NULL,
        event_type     text NOT NULL,
        resource_id    text NOT NULL,
        happened_at    timestamptz NOT NULL,
        received_at    timestamptz NOT NULL,
        own            boolean NOT NULL,
        verified_at    timestamptz
      );
      CREATE INDEX webhook_events_received_at ON webhook_events (received_at);
    `,
  },
  {
    id: 45,
    name: 'outbox without its own schedule',
    sql: `
      -- The job queue owns when a notice is tried (issue 18): the outbox's own schedule and its
      -- index are dead. What is still asked of the outbox is which notices are pending (the
      -- reconcile schedule, every minute): a small index of just those.
      DROP INDEX outbox_due;
      ALTER TABLE outbox DROP COLUMN next_attempt_at;
      CREATE INDEX outbox_pending ON outbox (created_at) WHERE status = 'pending';
    `,
  },
  {
    id: 46,
    name: 'support sign-in, reviewed',
    sql: `
      -- The groups the ID token named at sign-in: each use of a support session checks them
      -- against SUPPORT_REQUIRED_GROUP as configured then. Signing in again ends the person's
      -- earlier sessions (by subject). A sign-in always returns to /support: no return_to.
      ALTER TABLE support_sessions ADD COLUMN groups jsonb NOT NULL DEFAULT '[]';
      CREATE INDEX support_sessions_subject ON support_sessions (subject);
      ALTER TABLE support_sign_ins DROP COLUMN return_to;
      -- One audit row per person, view and company within a few minutes: the check for an
      -- earlier one reads this index, not the company's whole audit trail.
      CREATE INDEX audit_support_views ON audit (company_id, actor_id, field, at)
        WHERE target = 'support-view';
    `,
  },
  {
    id: 47,
    name: 'webhook deliveries by company',
    sql: `
      -- Each delivery counts the company's deliveries of the last hour (a burst is checked once,
      -- not event by event): this index, not two days of every company's deliveries.
      CREATE INDEX webhook_events_company ON webhook_events (company_id, received_at);
    `,
  },
  {
    id: 48,
    name: 'repair grants',
    sql: `
      -- A repair grant is a sessions row of its own kind: an admin's own Procore token chain,
      -- sealed like a browser session's and refreshed by the same single-flight claim, but never
      -- resolvable as a browser session, and outside the idle and absolute expiry sweeps.
      ALTER TABLE sessions ADD COLUMN kind text NOT NULL DEFAULT 'browser'
        CHECK (kind IN ('browser', 'grant'));
      -- What an OAuth state is for: a sign-in (a browser session), or a repair grant, asked for
      -- by a signed-in admin (their Procore user id: only they may consent) for its company.
      ALTER TABLE oauth_states ADD COLUMN purpose text NOT NULL DEFAULT 'sign-in'
        CHECK (purpose IN ('sign-in', 'repair-grant'));
      ALTER TABLE oauth_states ADD COLUMN requested_by text;
      -- One grant per company: who allowed it, since when, and whether repairs are paused (and
      -- why). grant_ref is the grant's sealed session id; null once its tokens were revoked.
      CREATE TABLE repair_grants (
        company_id          text PRIMARY KEY,
        grant_ref           text,
        admin_id            text NOT NULL,
        admin_name          text NOT NULL,
        created_at          timestamptz NOT NULL,
        paused_at           timestamptz,
        paused_reason       text CHECK (paused_reason IN
                              ('sign-in-again', 'not-admin', 'app-not-connected')),
        last_repair_at      timestamptz,
        last_repair_run_id  uuid,
        updated_at          timestamptz NOT NULL
      );
      -- Who decided a run: a person (Apply, Undo) or the repair rule on an admin's grant.
      ALTER TABLE runs ADD COLUMN origin text NOT NULL DEFAULT 'person'
        CHECK (origin IN ('person', 'rule'));
    `,
  },
];

/** Arbitrary but fixed: every instance of this app serialises its migrations on it. */
const MIGRATION_LOCK_KEY = 7_305_524_810_001;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction.
 * Several instances may start at once against the same PostgreSQL: a transaction-scoped
 * advisory lock makes the others wait, then find nothing left to do.
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ applied: number[] }> {
  const ordered = [...migrations].sort((a, b) => a.id - b.id);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        id          integer PRIMARY KEY,
        name        text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
    const done = new Set(
      (await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).map((row) => row.id),
    );
    const applied: number[] = [];
    for (const migration of ordered) {
      if (done.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        migration.id,
        migration.name,
      ]);
      applied.push(migration.id);
    }
    return { applied };
  });
}
