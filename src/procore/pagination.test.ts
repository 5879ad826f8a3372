import fc from 'fast-check';
import { HttpResponse, http as rest } from 'msw';
import { ProcoreApiError } from './errors.ts';
import type { ProcoreRequest, ProcoreResponse } from './http.ts';
import { collectAll, maxPerPage, parseLinkHeader } from './pagination.ts';
import { API, testHttp } from './test-utils.ts';
import { server } from '../../test/support/msw.ts';

const PATH = '/rest/v1.0/widgets';
const LIST = `${API}${PATH}`;
const req: ProcoreRequest = { path: PATH, companyId: '42' };

type Mode = 'link-absolute' | 'link-relative' | 'total' | 'bare';
interface Item {
  id: string;
}
const options = (perPage?: number) => ({
  parsePage: (res: ProcoreResponse) => res.body as Item[],
  key: (item: Item) => item.id,
  perPage,
});

/** IDs above 2^53, so a lossy parse would merge neighbours. */
const bigId = (n: number) => (2n ** 53n + BigInt(n)).toString();

/**
 * Serves `items` (mutable) the way Procore pages: `page`/`per_page`, capped at `serverMax`, with
 * `Link`, `Total` and `Per-Page` headers depending on `mode`. `failPage` answers 5xx once.
 */
function serveList(
  items: string[],
  mode: Mode,
  { serverMax = Infinity, failPage = 0, afterPage = (_page: number) => {} } = {},
) {
  const log = { requests: 0, perPages: new Set<number>() };
  let failed = false;
  server.use(
    rest.get(LIST, ({ request }) => {
      log.requests += 1;
      const url = new URL(request.url);
      const page = Number(url.searchParams.get('page') ?? '1');
      const asked = Number(url.searchParams.get('per_page') ?? '100');
      log.perPages.add(asked);
      const per = Math.min(asked, serverMax);
      if (page === failPage && !failed) {
        failed = true;
        return HttpResponse.text('<html>502</html>', { status: 502 });
      }
      const slice = items.slice((page - 1) * per, page * per);
      const body = `[${slice.map((id) => `{"id":${id},"name":"w${id}"}`).join(',')}]`;
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (mode !== 'bare') {
        headers.Total = String(items.length);
        headers['Per-Page'] = String(per);
      }
      if (mode.startsWith('link')) {
        const base = mode === 'link-absolute' ? LIST : PATH;
        const at = (p: number) => `<${base}?page=${p}&per_page=${per}>`;
        const last = Math.max(1, Math.ceil(items.length / per));
        const rels = [`${at(1)}; rel="first"`, `${at(last)}; rel="last"`];
        if (page * per < items.length) rels.push(`${at(page + 1)}; rel="next"`);
        headers.Link = rels.join(', ');
      }
      afterPage(page);
      return new HttpResponse(body, { headers });
    }),
  );
  return log;
}

const modes = fc.constantFrom<Mode>('link-absolute', 'link-relative', 'total', 'bare');

describe('collectAll', () => {
  it('fetches exactly the served set, once each, even when one page fails once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2500 }),
        fc.integer({ min: 25, max: 1000 }),
        fc.integer({ min: 10, max: 1000 }),
        modes,
        fc.integer({ min: 0, max: 100 }),
        async (size, perPage, serverMax, mode, failPage) => {
          server.resetHandlers();
          const served = Array.from({ length: size }, (_, i) => bigId(i));
          // Without any paging header, only a short page says "last": the server must honour per_page.
          serveList(served, mode, { serverMax: mode === 'bare' ? Infinity : serverMax, failPage });
          const { http } = testHttp();

          const fetched = (await collectAll(http, req, options(perPage))).map((w) => w.id);
          expect(fetched).toEqual(served);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('yields no duplicates when records are inserted mid-scan', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1500 }),
        fc.integer({ min: 25, max: 300 }),
        modes,
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (size, perPage, mode, insertAfter, inserted, position) => {
          server.resetHandlers();
          const original = Array.from({ length: size }, (_, i) => bigId(i * 2));
          const items = [...original];
          serveList(items, mode, {
            afterPage: (page) => {
              if (page !== insertAfter) return;
              const fresh = Array.from({ length: inserted }, (_, i) =>
                bigId(10_000_000 + page * 1000 + i),
              );
              items.splice(Math.floor(position * items.length), 0, ...fresh);
            },
          });
          const { http } = testHttp();

          const fetched = (await collectAll(http, req, options(perPage))).map((w) => w.id);
          expect(new Set(fetched).size).toBe(fetched.length);
          expect(fetched).toEqual(expect.arrayContaining(original));
          expect(items).toEqual(expect.arrayContaining(fetched));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('asks for the largest page the endpoint allows', async () => {
    expect(maxPerPage('/rest/v1.1/projects')).toBe(300);
    expect(maxPerPage('/rest/v1.3/companies/1/users')).toBe(1000);
    const log = serveList([bigId(1)], 'link-absolute');
    await collectAll(testHttp().http, req, options());
    expect([...log.perPages]).toEqual([1000]);
  });

  it('refuses a next link on another origin', async () => {
    server.use(
      rest.get(LIST, () =>
        HttpResponse.json([{ id: 1 }], {
          headers: { Link: '<https://elsewhere.example/rest/v1.0/widgets?page=2>; rel="next"' },
        }),
      ),
    );
    const err = await collectAll(testHttp().http, req, options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcoreApiError);
    expect((err as ProcoreApiError).kind).toBe('invalid-response');
  });

  it('stops when a next link points back to a page already read', async () => {
    server.use(
      rest.get(LIST, ({ request }) =>
        HttpResponse.json([{ id: 1 }], { headers: { Link: `<${request.url}>; rel="next"` } }),
      ),
    );
    const items = await collectAll(testHttp().http, req, options());
    expect(items).toEqual([{ id: '1' }]);
  });
});

describe('parseLinkHeader', () => {
  it('reads absolute and relative targets, quoted or bare rels, several rels at once', () => {
    const links = parseLinkHeader(
      '</rest/v1.0/x?page=2&per_page=5>; rel="next", <https://api.procore.test/rest/v1.0/x?page=9>;rel=last,' +
        ' <https://api.procore.test/rest/v1.0/x?page=1>; rel="first prev"',
      `${API}/rest/v1.0/x?page=1`,
    );
    expect(links).toEqual({
      next: `${API}/rest/v1.0/x?page=2&per_page=5`,
      last: `${API}/rest/v1.0/x?page=9`,
      first: `${API}/rest/v1.0/x?page=1`,
      prev: `${API}/rest/v1.0/x?page=1`,
    });
  });

  it('ignores junk', () => {
    expect(parseLinkHeader(null, API)).toEqual({});
    expect(parseLinkHeader('garbage, <>; foo=bar', API)).toEqual({});
  });
});
