import { asArray, call, setupFakeProcoreServer } from './test-support.ts';

const procore = setupFakeProcoreServer();

function links(header: string | null): Record<string, URL> {
  const out: Record<string, URL> = {};
  for (const part of (header ?? '').split(', ')) {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (m) out[m[2]!] = new URL(m[1]!);
  }
  return out;
}

describe('pagination', () => {
  it('sets Total, Per-Page and a Link with first/next/last on the first page', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const { access_token: token } = fake.issueUserToken();
    const res = await call(
      'GET',
      `/rest/v1.1/projects?company_id=${cid}&view=compact&per_page=15`,
      { token, companyId: cid },
    );
    expect(res.headers.get('Total')).toBe('40');
    expect(res.headers.get('Per-Page')).toBe('15');
    expect(asArray(res.body)).toHaveLength(15);
    const l = links(res.headers.get('Link'));
    expect(Object.keys(l)).toEqual(['first', 'next', 'last']);
    expect(l.next!.searchParams.get('page')).toBe('2');
    expect(l.last!.searchParams.get('page')).toBe('3');
    // Links keep the caller's filters and view.
    expect(l.next!.searchParams.get('view')).toBe('compact');
    expect(l.next!.searchParams.get('company_id')).toBe(cid);
  });

  it('omits next on the last page and adds prev', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', `/rest/v1.1/projects?company_id=${cid}&per_page=15&page=3`, {
      token,
      companyId: cid,
    });
    expect(asArray(res.body)).toHaveLength(10);
    const l = links(res.headers.get('Link'));
    expect(Object.keys(l)).toEqual(['first', 'prev', 'last']);
    expect(l.prev!.searchParams.get('page')).toBe('2');
  });

  it('walks every page exactly once by following rel=next', async () => {
    const fake = procore.use({ scenario: 'partly-configured' });
    const cid = fake.facts.companyId;
    const { access_token: token } = fake.issueUserToken();
    const seen: unknown[] = [];
    let url: string | null = `/rest/v1.3/companies/${cid}/users?per_page=4`;
    while (url) {
      const res = await call('GET', url, { token, companyId: cid });
      seen.push(...asArray(res.body).map((u) => u.id));
      const next = links(res.headers.get('Link')).next;
      url = next ? `${next.pathname}${next.search}` : null;
    }
    expect(seen).toHaveLength(fake.facts.activeUsers);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('returns an empty page past the end', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', `/rest/v1.1/projects?company_id=${cid}&page=9`, {
      token,
      companyId: cid,
    });
    expect(asArray(res.body)).toEqual([]);
    expect(res.headers.get('Total')).toBe('40');
  });

  it.each([
    [
      'v1.1 projects (default 100, max 300)',
      (cid: string) => `/rest/v1.1/projects?company_id=${cid}`,
      '100',
      '300',
    ],
    [
      'v1.0 projects (default 100, max 1000)',
      (cid: string) => `/rest/v1.0/projects?company_id=${cid}`,
      '100',
      '1000',
    ],
    [
      'company users (default 100, max 1000)',
      (cid: string) => `/rest/v1.3/companies/${cid}/users?view=normal`,
      '100',
      '1000',
    ],
  ])('caps per_page for %s', async (_label, path, byDefault, max) => {
    const fake = procore.use({ scenario: 'enterprise' });
    const cid = fake.facts.companyId;
    const { access_token: token } = fake.issueUserToken();
    const plain = await call('GET', path(cid), { token, companyId: cid });
    expect(plain.headers.get('Per-Page')).toBe(byDefault);
    expect(asArray(plain.body)).toHaveLength(Number(byDefault));
    const big = await call('GET', `${path(cid)}&per_page=5000`, { token, companyId: cid });
    expect(big.headers.get('Per-Page')).toBe(max);
    expect(asArray(big.body)).toHaveLength(Number(max));
  });

  it('treats a nonsense page or per_page as the defaults', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', `/rest/v1.1/projects?company_id=${cid}&page=0&per_page=-5`, {
      token,
      companyId: cid,
    });
    expect(res.headers.get('Per-Page')).toBe('100');
    expect(asArray(res.body)).toHaveLength(40);
  });
});
