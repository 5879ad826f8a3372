import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { createRepositories } from './index.ts';

/**
 * The retention purge (issue 13, item 9): purge means gone. Every column that can hold a person's
 * name, login or a token is listed below; the test fills each one for a company, purges it, and
 * then reads every row of every table looking for any of them.
 */

/** Every column whose name says it may hold a person's name, login or a token, and why it may stay. */
const PERSONAL_COLUMNS: Record<string, 'purged' | string> = {
  'sessions.login': 'purged',
  'sessions.name': 'purged',
  'sessions.access_token_enc': 'purged',
  'sessions.refresh_token_enc': 'purged',
  'handoffs.code': 'purged', // with its session
  'handoffs.session_id': 'purged',
  'runs.started_by_name': 'purged',
  'runs.resumed_by_name': 'purged',
  'runs.plan': 'purged', // its sealed session reference
  'audit.actor_name': 'purged',
  'completions.completed_by_name': 'purged',
  'completions.record': 'purged',
  'company_status.completed_by_name': 'purged',
  'outbox.payload': 'purged',
  'plans.made_by': 'purged', // the whole review goes
  'plans.plan': 'purged',
  'repair_grants.admin_name': 'purged', // the whole grant goes
  'oauth_states.requested_by': 'a Procore user id, swept with its state within minutes',
  'company_status.company_name': 'a company, not a person',
  'run_items.project_name': 'a project, not a person',
  'watch_projects.project_name': 'a project, not a person',
  'watch_drift.project_name': 'a project, not a person',
  'webhook_events.resource_name': "a Procore resource type ('Projects'), not a person",
  'watch_drift.found_by': "'event' or 'schedule', not a person",
  'company_watch.template_names': 'permission template names, not people',
  'leases.name': 'a lease name (run:<company id>)',
  'sign_in_results.code_hash': 'a hash of a short code bound to a state, swept with it',
  'sign_in_results.code_attempts': 'a count',
  'oauth_states.nonce_hash': 'a hash of a nonce, swept within minutes',
  'support_sign_ins.code_verifier':
    'a PKCE verifier of a SALUS support sign-in, single-use, deleted after 10 minutes',
  'support_sign_ins.nonce': 'an OIDC nonce of a SALUS support sign-in, deleted after 10 minutes',
  'support_sessions.email':
    'a SALUS support person, no customer’s: the sign-in sweep deletes the session once over (8 hours at most)',
  'outbox.idempotency_key': 'ids only',
  'schema_migrations.name': 'a migration name',
  'runs.started_by_id': 'a Procore user id: kept, as support needs who did it, without the name',
  'runs.resumed_by_id': 'a Procore user id',
  'completions.completed_by_id': 'a Procore user id',
  'company_status.completed_by_id': 'a Procore user id',
  'run_items.code': "Procore's status or error code",
  'procore_budgets.token_kind': "the kind of token ('user', 'app'), not a token",
  'procore_windows.key': 'an identity (Procore user id or app) and company id with a window kind',
};
const personalColumn = /name|login|email|token|_enc|_by|payload|record|plan|code|session|nonce|key/;

describeEachEngine('retention purge', (ctx) => {
  it('lists every column that may hold a name, login or token', async () => {
    const columns = await ctx.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, column_name`,
    );
    const suspects = columns
      .map((c) => `${c.table_name}.${c.column_name}`)
      .filter((c) => personalColumn.test(c.split('.')[1]!));
    // A new column of that kind must be added above, purged or with its reason.
    expect(suspects.filter((c) => !(c in PERSONAL_COLUMNS))).toEqual([]);
  });

  it('leaves no name, login or token of the company in any table', async () => {
    const now = testClock();
    const repos = createRepositories(ctx.db, { now });
    const cid = `purged-${Math.random().toString(36).slice(2)}`;
    const other = `kept-${Math.random().toString(36).slice(2)}`;
    const marks = {
      starter: 'Ada Starter-Person',
      resumer: 'Rita Resumer-Person',
      member: 'Mo Member-Person',
      memberLogin: 'mo.member@example.test',
      wanderer: 'Wanda Wanderer-Person',
      wandererLogin: 'wanda@example.test',
      access: 'sealed-access-token-mark',
      refresh: 'sealed-refresh-token-mark',
      sessionRef: 'sealed-session-ref-mark',
      granter: 'Gus Granter-Person',
      grantRefresh: 'sealed-grant-refresh-mark',
      grantRef: 'sealed-grant-ref-mark',
    };
    // A session that saw only this company, and an ended one that also saw another.
    const only = await repos.sessions.create({
      procoreUserId: 'u-member',
      login: marks.memberLogin,
      name: marks.member,
      accessTokenEnc: marks.access,
      refreshTokenEnc: marks.refresh,
      accessExpiresAt: new Date(now().getTime() + 60_000),
      companies: [{ id: cid, name: 'Purged Co' }],
    });
    await repos.handoffs.create({ code: 'handoff-mark', sessionId: only.id, state: 'st-1' });
    const ended = await repos.sessions.create({
      procoreUserId: 'u-wanderer',
      login: marks.wandererLogin,
      name: marks.wanderer,
      accessTokenEnc: `${marks.access}-2`,
      refreshTokenEnc: `${marks.refresh}-2`,
      accessExpiresAt: new Date(now().getTime() + 60_000),
      companies: [
        { id: other, name: 'Other Co' },
        { id: cid, name: 'Purged Co' },
      ],
    });
    await repos.sessions.revoke(ended.id);

    const run = await repos.runs.create({
      companyId: cid,
      startedBy: { id: 'u-starter', name: marks.starter },
      plan: { sessionRef: marks.sessionRef, companyName: 'Purged Co' },
    });
    await repos.runs.rebind(
      run.id,
      { sessionRef: `${marks.sessionRef}-2`, companyName: 'Purged Co' },
      { id: 'u-resumer', name: marks.resumer },
    );
    await repos.audit.append({
      companyId: cid,
      runId: run.id,
      actor: { id: 'u-starter', name: marks.starter },
      target: 'user:1',
      field: 'add_to_new_projects',
      oldValue: false,
      newValue: true,
    });
    const by = { id: 'u-starter', name: marks.starter };
    const completion = await repos.completions.insert({
      companyId: cid,
      completedBy: by,
      record: { completed_by: by, company: { id: cid, name: 'Purged Co' } },
    });
    await repos.outbox.enqueue({
      kind: 'salus.setup.completed',
      companyId: cid,
      idempotencyKey: completion.id,
      payload: { completed_by: by, company: { id: cid, name: 'Purged Co' } },
    });
    // A review: who made it, and the account's name and email as it showed them.
    await repos.plans.insert({
      companyId: cid,
      madeFor: 'u-starter',
      madeBy: { kind: 'person', ...by },
      factsAt: now(),
      plan: { account: { name: marks.member, email: marks.memberLogin } },
    });
    await repos.companyStatus.upsert({
      companyId: cid,
      companyName: 'Purged Co',
      state: 'complete',
      completedAt: now(),
      completedBy: by,
    });

    // A repair grant (issue 20): its token holder, bound to this company, and its row.
    await repos.sessions.create(
      {
        procoreUserId: 'u-granter',
        name: marks.granter,
        accessTokenEnc: `${marks.access}-3`,
        refreshTokenEnc: marks.grantRefresh,
        accessExpiresAt: new Date(now().getTime() + 60_000),
        companies: [{ id: cid, name: 'Purged Co' }],
      },
      'grant',
    );
    await repos.repairGrants.put({
      companyId: cid,
      grantRef: marks.grantRef,
      admin: { id: 'u-granter', name: marks.granter },
    });

    const sealed = await repos.retention.endSessionsOnlyFor(cid);
    expect(sealed.sort()).toEqual([marks.refresh, marks.grantRefresh].sort());
    await repos.retention.purgeCompany(cid);

    const tables = await ctx.db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`,
    );
    const everything: string[] = [];
    for (const { name } of tables) {
      for (const row of await ctx.db.query(`SELECT * FROM ${name}`)) {
        everything.push(`${name}: ${JSON.stringify(row)}`);
      }
    }
    const dump = everything.join('\n');
    for (const mark of Object.values(marks)) expect(dump).not.toContain(mark);
    expect(dump).not.toContain('u-member'); // the deleted session's user
    expect(await repos.repairGrants.get(cid)).toBeNull();
    // What support needs stays: the run, the completion, the trail, without people.
    expect(await repos.runs.get(run.id)).toMatchObject({
      startedBy: { id: 'u-starter', name: 'removed' },
      resumedBy: { id: 'u-resumer', name: 'removed' },
    });
    expect(await repos.completions.latest(cid)).toMatchObject({ id: completion.id });
    expect(await repos.audit.listForCompany(cid)).toHaveLength(1);
  });
});
