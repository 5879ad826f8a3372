import { ProcoreApiError } from './errors.ts';
import type { ProcoreHttp, ProcoreRequest, ProcoreResponse } from './http.ts';

/**
 * Walks Procore list endpoints to the end.
 *
 * Procore pages with `page` (1-based) and `per_page`, and answers with `Total`, `Per-Page` and a
 * `Link` header whose `rel="next"` is omitted on the last page. The largest page each endpoint
 * allows keeps the request count (and so the rate-limit cost) down. Items are de-duplicated by key
 * because page offsets shift when records are added mid-scan.
 * https://developers.procore.com/documentation/pagination (procore-platform.md §5.1, §7)
 */

const DEFAULT_MAX_PER_PAGE = 1000;
/** Endpoints whose documented maximum `per_page` is below the default. */
const MAX_PER_PAGE: readonly [RegExp, number][] = [
  [/^\/rest\/v1\.1\/projects$/, 300],
  // Webhook triggers: "Items per page (max 100)" (Procore's reference).
  [/^\/rest\/v1\.0\/webhooks\/hooks\/[^/]+\/triggers$/, 100],
];
/** A scan longer than this is a server loop, not a company. */
const MAX_PAGES = 10_000;

export function maxPerPage(path: string): number {
  return MAX_PER_PAGE.find(([pattern]) => pattern.test(path))?.[1] ?? DEFAULT_MAX_PER_PAGE;
}

/** `Link` header → absolute URL per rel; relative targets resolve against the response URL. */
export function parseLinkHeader(header: string | null, baseUrl: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const [, target = '', params = ''] of (header ?? '').matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1];
    if (rel === undefined) continue;
    let href: string;
    try {
      href = new URL(target, baseUrl).href;
    } catch {
      continue;
    }
    for (const name of rel.trim().toLowerCase().split(/\s+/)) links[name] ??= href;
  }
  return links;
}

function intHeader(headers: Headers, name: string): number | null {
  const text = headers.get(name)?.trim() ?? '';
  return /^\d+$/.test(text) ? Number(text) : null;
}

export interface PaginateOptions<T> {
  /** Turns one page's response into items; throws a `ProcoreApiError` when the shape is wrong. */
  parsePage: (response: ProcoreResponse) => T[];
  /** The identity used to drop an item seen on an earlier page. */
  key: (item: T) => string;
  /** Defaults to the endpoint's maximum ({@link maxPerPage}). */
  perPage?: number;
}

function pageRequestFor(req: ProcoreRequest, perPage: number) {
  return (page: number): ProcoreRequest => ({
    ...req,
    method: 'GET',
    query: { ...req.query, page, per_page: perPage },
  });
}

/** The page after `res` (`Link: rel="next"`, else `Total`), or null when `res` was the last. */
function nextPage(
  req: ProcoreRequest,
  res: ProcoreResponse,
  itemCount: number,
  perPage: number,
  visited: Set<string>,
): ProcoreRequest | null {
  const page = Number(new URL(res.url).searchParams.get('page')) || 1;
  const link = res.headers.get('link');
  if (link !== null) {
    const href = parseLinkHeader(link, res.url).next;
    if (href === undefined || visited.has(href)) return null;
    return { ...req, method: 'GET', url: href };
  }
  const total = intHeader(res.headers, 'total');
  const size = intHeader(res.headers, 'per-page') ?? perPage;
  const more = total !== null ? page * size < total : itemCount >= size && itemCount > 0;
  return more ? pageRequestFor(req, perPage)(page + 1) : null;
}

function tooManyPages(path: string) {
  return new ProcoreApiError({
    kind: 'invalid-response',
    status: null,
    method: 'GET',
    path,
    procoreMessage: `Procore kept paging past ${MAX_PAGES} pages.`,
  });
}

/**
 * Every item of a list endpoint, once. After the first page, `Total` says how many pages there
 * are, so the rest are requested together (the pacer bounds how many are in flight): a 5,000-item
 * list costs two round trips, not five. Then it keeps following `Link` from the last page, in
 * case the list grew during the scan.
 */
export async function collectAll<T>(
  http: ProcoreHttp,
  req: ProcoreRequest,
  options: PaginateOptions<T>,
): Promise<T[]> {
  const perPage = options.perPage ?? maxPerPage(req.path);
  const pageRequest = pageRequestFor(req, perPage);
  const visited = new Set<string>();
  const first = await http.request(pageRequest(1));
  const responses = [first];
  const total = intHeader(first.headers, 'total');
  const size = intHeader(first.headers, 'per-page') ?? perPage;
  if (total !== null && size > 0 && total > size) {
    const pages = Math.ceil(total / size);
    if (pages > MAX_PAGES) throw tooManyPages(req.path);
    const rest = Array.from({ length: pages - 1 }, (_, i) => http.request(pageRequest(i + 2)));
    responses.push(...(await Promise.all(rest)));
  }
  const seen = new Set<string>();
  const items: T[] = [];
  const take = (res: ProcoreResponse) => {
    visited.add(res.url);
    const page = options.parsePage(res);
    for (const item of page) {
      const key = options.key(item);
      if (!seen.has(key)) {
        seen.add(key);
        items.push(item);
      }
    }
    return page.length;
  };
  let last = responses[responses.length - 1]!;
  let lastCount = 0;
  for (const res of responses) lastCount = take(res);
  for (let next = nextPage(req, last, lastCount, perPage, visited); next;) {
    if (visited.size >= MAX_PAGES) throw tooManyPages(req.path);
    last = await http.request(next);
    lastCount = take(last);
    next = nextPage(req, last, lastCount, perPage, visited);
  }
  return items;
}
