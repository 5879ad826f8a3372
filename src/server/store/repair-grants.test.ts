import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { createRepositories } from './index.ts';

/**
 * Repair grants (issue 20): a `sessions` row of kind 'grant' holds an admin's token chain for the
 * company's repairs. It is never a sign-in, never expires by idleness or age, and outlives the
 * admin signing out everywhere; its `repair_grants` row pauses once.
 */

const tokens = (n: number) => ({
  procoreUserId: '9007199254740993',
  name: 'Ada Admin',
  accessTokenEnc: `enc-access-${n}`,
  refreshTokenEnc: `enc-refresh-${n}`,
  accessExpiresAt: new Date('2026-11-01T14:00:00.000Z'),
  companies: [{ id: '562949953421312', name: 'Acme Builders' }],
});
const WEEK = 7 * 24 * 3600_000;

describeEachEngine('repair grants', (ctx) => {
  it('a grant is never a sign-in, yet its tokens serve Procore access', async () => {
    const repos = createRepositories(ctx.db, { now: testClock() });
    const grant = await repos.sessions.create(tokens(1), 'grant');
    const browser = await repos.sessions.create(tokens(2));
    expect(await repos.sessions.get(grant.id)).toBeNull();
    expect(await repos.sessions.get(browser.id)).toMatchObject({ kind: 'browser' });
    expect(await repos.sessions.tokensOf(grant.id)).toMatchObject({
      kind: 'grant',
      refreshTokenEnc: 'enc-refresh-1',
    });
  });

  it('outlives idle and absolute expiry and the admin signing out everywhere', async () => {
    const clock = testClock();
    const repos = createRepositories(ctx.db, { now: clock });
    const grant = await repos.sessions.create(tokens(3), 'grant');
    const browser = await repos.sessions.create(tokens(4));
    await repos.sessions.revokeAllForUser('9007199254740993');
    clock.advance(2 * WEEK);
    const swept = await repos.sessions.sweepExpired();
    expect(swept).not.toContain('enc-refresh-3');
    expect(await repos.sessions.tokensOf(grant.id)).not.toBeNull();
    expect(await repos.sessions.tokensOf(browser.id)).toBeNull();
    // Its refresh is claimed single-flight like a session's.
    expect(await repos.sessions.claimRefresh(grant.id, 'enc-refresh-3', 'a', 30_000)).toBe(true);
    expect(await repos.sessions.claimRefresh(grant.id, 'enc-refresh-3', 'b', 30_000)).toBe(false);
    expect(await repos.sessions.deleteGrant(grant.id)).toBe('enc-refresh-3');
    expect(await repos.sessions.tokensOf(grant.id)).toBeNull();
  });

  it('pauses once, forgetting its tokens; a new grant replaces it and names the earlier one', async () => {
    const repos = createRepositories(ctx.db, { now: testClock() });
    const companyId = `c-${Math.random().toString(36).slice(2)}`;
    const admin = { id: '7', name: 'Ada Admin' };
    await repos.repairGrants.put({ companyId, grantRef: 'ref-1', admin });
    const first = await repos.repairGrants.pause(companyId, 'sign-in-again');
    expect(first).toMatchObject({ grantRef: 'ref-1', pausedAt: null });
    expect(await repos.repairGrants.pause(companyId, 'not-admin')).toBeNull();
    expect(await repos.repairGrants.get(companyId)).toMatchObject({
      grantRef: null,
      pausedReason: 'sign-in-again',
      admin,
    });
    const again = await repos.repairGrants.put({ companyId, grantRef: 'ref-2', admin });
    expect(again.replacedRef).toBeNull();
    expect(again.grant).toMatchObject({ pausedAt: null, pausedReason: null, grantRef: 'ref-2' });
    expect(
      (await repos.repairGrants.put({ companyId, grantRef: 'ref-3', admin })).replacedRef,
    ).toBe('ref-2');
    expect(await repos.repairGrants.remove(companyId)).toEqual({ grantRef: 'ref-3' });
    expect(await repos.repairGrants.get(companyId)).toBeNull();
  });
});
