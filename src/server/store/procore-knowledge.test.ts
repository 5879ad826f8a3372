import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { createRepositories } from './index.ts';

let n = 0;
const company = () => `${++n}${Date.now() % 100_000}`;

describeEachEngine('what the app learnt about Procore', (ctx) => {
  it('keeps the fewest remaining within a window and the newest window per kind', async () => {
    const { procoreKnowledge: k } = createRepositories(ctx.db, { now: testClock() });
    const key = `user:1:${company()}`;
    await k.recordWindow(key, 'spike', { limit: 25, remaining: 20, reset: 1000 });
    // A slower instance's older report of the same window does not raise what is left.
    await k.recordWindow(key, 'spike', { limit: 25, remaining: 22, reset: 1000 });
    await k.recordWindow(key, 'hourly', { limit: 3600, remaining: 9, reset: 4000 });
    expect(await k.windows(key, 900)).toEqual(
      expect.arrayContaining([
        { limit: 25, remaining: 20, reset: 1000 },
        { limit: 3600, remaining: 9, reset: 4000 },
      ]),
    );
    // The next spike window replaces the last; an older one arriving late does not.
    await k.recordWindow(key, 'spike', { limit: 25, remaining: 24, reset: 1010 });
    await k.recordWindow(key, 'spike', { limit: 25, remaining: 3, reset: 1000 });
    expect(await k.windows(key, 1005)).toEqual(
      expect.arrayContaining([{ limit: 25, remaining: 24, reset: 1010 }]),
    );
    // Windows that are over are not handed out; other tokens' windows are not either.
    expect(await k.windows(key, 5000)).toEqual([]);
    expect(await k.windows(`user:2:${company()}`, 900)).toEqual([]);
  });

  it('keeps a company fact (a beta endpoint not offered, the web host) until when, per environment', async () => {
    const clock = testClock();
    const { procoreKnowledge: k } = createRepositories(ctx.db, { now: clock });
    const cid = company();
    const fact = 'beta-absent:project-assignments';
    const until = new Date(clock().getTime() + 60_000);
    await k.rememberCompanyFact(cid, 'https://api.procore.com', fact, true, until);
    expect(await k.companyFact(cid, 'https://api.procore.com', fact)).toBe(true);
    expect(await k.companyFact(cid, 'https://sandbox.procore.com', fact)).toBeNull();
    const host = { zone: 'us02', web_base_url: 'https://us02.procore.com' };
    await k.rememberCompanyFact(cid, 'https://api.procore.com', 'base-url', host, until);
    expect(await k.companyFact(cid, 'https://api.procore.com', 'base-url')).toEqual(host);
    clock.advance(61_000);
    expect(await k.companyFact(cid, 'https://api.procore.com', fact)).toBeNull();
    expect(await k.companyFact(cid, 'https://api.procore.com', 'base-url')).toBeNull();
  });

  it('keeps templates per account and project, counts reads, and forgets projects left', async () => {
    const clock = testClock();
    const { procoreKnowledge: k } = createRepositories(ctx.db, { now: clock });
    const cid = company();
    const at = clock();
    await k.recordTemplates(cid, '7', [
      { projectId: '1', templateId: '50', verifiedAt: at, source: 'read' },
      { projectId: '2', templateId: null, verifiedAt: at, source: 'read' },
      { projectId: '3', templateId: '50', verifiedAt: at, source: 'run' },
    ]);
    const known = await k.knownTemplates(cid, '7');
    expect([...known.keys()].sort()).toEqual(['1', '2', '3']);
    expect(known.get('2')).toMatchObject({ templateId: null, source: 'read' });
    expect(await k.templateReadsSince(cid, '7', new Date(at.getTime() - 1))).toBe(2);
    await k.forgetTemplates(cid, '7', ['1', '3']);
    expect([...(await k.knownTemplates(cid, '7')).keys()]).toEqual(['2']);
    expect((await k.knownTemplates(cid, '8')).size).toBe(0);
  });

  it('keeps the hourly limit last seen per kind of token', async () => {
    const { procoreKnowledge: k } = createRepositories(ctx.db, { now: testClock() });
    await k.recordHourlyLimit('app', 1800);
    expect(await k.hourlyLimit('app')).toBe(1800);
    await k.recordHourlyLimit('app', 3600);
    expect(await k.hourlyLimit('app')).toBe(3600);
  });
});
