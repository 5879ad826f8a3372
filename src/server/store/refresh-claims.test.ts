import { describeEachEngine } from '../../../test/setup/engines.ts';
import { createRepositories } from './index.ts';
import { hashSecret } from './shared.ts';

/** The refresh claim (issue 13, item 5): one winner per refresh token, on the database's clock. */
describeEachEngine('token refresh claims', (ctx) => {
  const tokens = (n: number) => ({
    accessTokenEnc: `access-${n}`,
    refreshTokenEnc: `refresh-${n}`,
    accessExpiresAt: new Date(Date.now() + 3600_000),
  });

  async function session() {
    const { sessions } = createRepositories(ctx.db);
    const { id } = await sessions.create({ procoreUserId: 'u1', companies: [], ...tokens(1) });
    return { sessions, id };
  }

  it('goes to exactly one of many racers, and only while the refresh token is the one seen', async () => {
    const { sessions, id } = await session();
    const won = await Promise.all(
      Array.from({ length: 10 }, (_, i) => sessions.claimRefresh(id, 'refresh-1', `c${i}`, 30_000)),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = `c${won.indexOf(true)}`;
    expect((await sessions.get(id))?.refreshClaim).toBe(winner);
    // A loser cannot store tokens; the winner can, which ends the claim.
    expect(await sessions.storeRefreshed(id, 'someone-else', tokens(2))).toBe(false);
    expect(await sessions.storeRefreshed(id, winner, tokens(2))).toBe(true);
    expect(await sessions.get(id)).toMatchObject({
      refreshTokenEnc: 'refresh-2',
      refreshClaim: null,
    });
    // The spent refresh token can never be claimed again.
    expect(await sessions.claimRefresh(id, 'refresh-1', 'late', 30_000)).toBe(false);
  });

  it('is released by a failed refresh, and taken over once stale', async () => {
    const { sessions, id } = await session();
    expect(await sessions.claimRefresh(id, 'refresh-1', 'a', 30_000)).toBe(true);
    await sessions.releaseRefresh(id, 'a');
    expect(await sessions.claimRefresh(id, 'refresh-1', 'b', 30_000)).toBe(true);
    expect(await sessions.claimRefresh(id, 'refresh-1', 'c', 30_000)).toBe(false);
    // b's instance died mid-refresh: after the stale limit (database clock) c may claim.
    await ctx.db.query(
      `UPDATE sessions SET refresh_claimed_at = clock_timestamp() - interval '31 seconds'
       WHERE id = $1`,
      [hashSecret(id)],
    );
    expect(await sessions.claimRefresh(id, 'refresh-1', 'c', 30_000)).toBe(true);
    expect(await sessions.storeRefreshed(id, 'b', tokens(2))).toBe(false);
  });
});
