import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { createRepositories } from './index.ts';
import { OAUTH_STATE_TTL_MS } from './oauth-states.ts';
import { HANDOFF_TTL_MS } from './handoffs.ts';
import { hashSecret } from './shared.ts';

const newSession = {
  procoreUserId: '9007199254740993',
  login: 'admin@example.com',
  name: 'Ada Admin',
  accessTokenEnc: 'enc-access-1',
  refreshTokenEnc: 'enc-refresh-1',
  accessExpiresAt: new Date('2026-11-01T14:00:00.000Z'),
  companies: [{ id: '562949953421312', name: 'Acme Builders' }],
};

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2)}`;

describeEachEngine('oauth states', (ctx) => {
  it('is consumed exactly once when ten requests race for it', async () => {
    const repos = createRepositories(ctx.db, { now: testClock() });
    const state = unique('state');
    await repos.oauthStates.create({ state, nonce: 'n0nce', companyId: '562949953421312' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => repos.oauthStates.consume(state)),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({
      state,
      nonceHash: hashSecret('n0nce'),
      companyId: '562949953421312',
    });
    expect(await repos.oauthStates.consume(state)).toBeNull();
  });

  it('expires ten minutes after creation', async () => {
    const clock = testClock();
    const repos = createRepositories(ctx.db, { now: clock });
    const [fresh, stale] = [unique('state'), unique('state')];
    await repos.oauthStates.create({ state: fresh, nonce: 'a' });
    await repos.oauthStates.create({ state: stale, nonce: 'b' });
    clock.advance(OAUTH_STATE_TTL_MS - 1);
    expect(await repos.oauthStates.consume(fresh)).not.toBeNull();
    clock.advance(1);
    expect(await repos.oauthStates.consume(stale)).toBeNull();
    expect(await repos.oauthStates.deleteExpired()).toBeGreaterThanOrEqual(2);
  });

  it('can be looked at without being used, and keeps the popup result for polling', async () => {
    const clock = testClock();
    const repos = createRepositories(ctx.db, { now: clock });
    const state = unique('state');
    await repos.oauthStates.create({ state, nonce: 'n' });
    expect(await repos.oauthStates.peek(state)).toMatchObject({ state, usedAt: null });
    expect(await repos.signInResults.get(state)).toBeNull();
    await repos.signInResults.put(state, { error: 'access_denied' });
    await repos.signInResults.put(state, { codeHash: 'code-hash' });
    expect(await repos.signInResults.get(state)).toMatchObject({
      codeHash: 'code-hash',
      codeAttempts: 0,
      error: null,
    });
    // At most three attempts at the code, even when they race.
    const tries = await Promise.all(
      [1, 2, 3, 4, 5].map(() => repos.signInResults.attempt(state, 3)),
    );
    expect(
      tries
        .filter(Boolean)
        .map((t) => t!.attempts)
        .sort(),
    ).toEqual([1, 2, 3]);
    await repos.signInResults.endCode(state, 'given up');
    expect(await repos.signInResults.get(state)).toMatchObject({
      codeHash: null,
      error: 'given up',
    });
    expect(await repos.signInResults.attempt(state, 10)).toBeNull();

    await repos.oauthStates.consume(state);
    expect(await repos.oauthStates.peek(state)).toBeNull();
    expect(await repos.oauthStates.get(state)).toMatchObject({ usedAt: clock() });

    clock.advance(OAUTH_STATE_TTL_MS);
    expect(await repos.signInResults.get(state)).toBeNull();
    await repos.oauthStates.deleteExpired();
    expect(await repos.oauthStates.get(state)).toBeNull();
    const left = await ctx.db.query('SELECT 1 FROM sign_in_results WHERE state = $1', [state]);
    expect(left).toEqual([]);
  });

  it('returns null for a state it never issued', async () => {
    const repos = createRepositories(ctx.db);
    expect(await repos.oauthStates.consume('never-issued')).toBeNull();
  });
});

describeEachEngine('sessions and handoffs', (ctx) => {
  it('stores only the hash of the session id and finds the session by the raw id', async () => {
    const repos = createRepositories(ctx.db, { now: testClock() });
    const { id, session } = await repos.sessions.create(newSession);
    expect(session.idHash).toBe(hashSecret(id));
    const stored = await ctx.db.query<{ id: string }>(
      'SELECT id FROM sessions WHERE id = $1 OR id = $2',
      [id, hashSecret(id)],
    );
    expect(stored).toEqual([{ id: hashSecret(id) }]);
    expect(await repos.sessions.get(id)).toMatchObject({
      procoreUserId: '9007199254740993',
      companies: newSession.companies,
      accessExpiresAt: newSession.accessExpiresAt,
    });
    expect(await repos.sessions.get(hashSecret(id))).toBeNull();
  });

  it('ends a session when idle too long, unless touched, and at its absolute age', async () => {
    const clock = testClock();
    const repos = createRepositories(ctx.db, {
      now: clock,
      sessions: { idleTimeoutMs: 60_000, absoluteTimeoutMs: 150_000 },
    });
    const { id } = await repos.sessions.create(newSession);
    clock.advance(59_000);
    await repos.sessions.touch(id);
    clock.advance(59_000);
    expect(await repos.sessions.get(id)).not.toBeNull();
    clock.advance(2_000);
    await repos.sessions.touch(id);
    clock.advance(30_000); // 150 s old
    expect(await repos.sessions.get(id)).toBeNull();
  });

  it('rotates tokens only if nobody else refreshed first, and revokes', async () => {
    const repos = createRepositories(ctx.db, { now: testClock() });
    const { id } = await repos.sessions.create(newSession);
    const next = {
      accessTokenEnc: 'enc-access-2',
      refreshTokenEnc: 'enc-refresh-2',
      accessExpiresAt: new Date('2026-11-01T16:00:00.000Z'),
    };
    const [a, b] = await Promise.all([
      repos.sessions.updateTokens(id, next, { ifRefreshTokenEnc: 'enc-refresh-1' }),
      repos.sessions.updateTokens(
        id,
        { ...next, refreshTokenEnc: 'enc-refresh-other' },
        { ifRefreshTokenEnc: 'enc-refresh-1' },
      ),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    await repos.sessions.setCompanies(id, [{ id: '1', name: 'Other' }]);
    expect((await repos.sessions.get(id))?.companies).toEqual([{ id: '1', name: 'Other' }]);

    await repos.sessions.revoke(id);
    expect(await repos.sessions.get(id)).toBeNull();
    expect(await repos.sessions.updateTokens(id, next)).toBe(false);
  });

  it('redeems a handoff once, for its state, and gives the session a new id', async () => {
    const clock = testClock();
    const repos = createRepositories(ctx.db, { now: clock });
    const { id } = await repos.sessions.create(newSession);
    await repos.handoffs.create({ code: 'code-1', sessionId: id, state: 's1' });

    const results = await Promise.all([
      repos.handoffs.redeem('code-1', { state: 's1' }),
      repos.handoffs.redeem('code-1', { state: 's1' }),
    ]);
    const [won] = results.filter((r) => r !== null);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(won!.state).toBe('s1');
    expect(won!.sessionId).not.toBe(id);
    expect(await repos.sessions.get(won!.sessionId)).toMatchObject({ name: 'Ada Admin' });
    expect(await repos.sessions.get(id)).toBeNull();
  });

  it('refuses an expired handoff and burns one presented with the wrong state', async () => {
    const clock = testClock();
    const repos = createRepositories(ctx.db, { now: clock });
    const { id } = await repos.sessions.create(newSession);
    await repos.handoffs.create({ code: 'code-old', sessionId: id, state: 's' });
    await repos.handoffs.create({ code: 'code-wrong', sessionId: id, state: 's' });
    expect(await repos.handoffs.redeem('code-wrong', { state: 'other' })).toBeNull();
    expect(await repos.handoffs.redeem('code-wrong', { state: 's' })).toBeNull();
    clock.advance(HANDOFF_TTL_MS);
    expect(await repos.handoffs.redeem('code-old')).toBeNull();
    // Kept while a typed code could still redeem it by state, then removed.
    clock.advance(OAUTH_STATE_TTL_MS);
    expect(await repos.handoffs.deleteExpired()).toBeGreaterThanOrEqual(2);
  });
});
