/**
 * `page`/`per_page` and the `Total`, `Per-Page` and `Link` headers (procore-platform.md §7).
 * Defaults are 100 per page; caps vary per endpoint (v1.1 projects: 300; others here: 1000).
 */

export interface PageLimits {
  defaultPerPage: number;
  maxPerPage: number;
}

export const DEFAULT_PAGE_LIMITS: PageLimits = { defaultPerPage: 100, maxPerPage: 1000 };

function positiveInt(raw: string | null): number | null {
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 ? n : null;
}

export function pageParams(url: URL, limits: PageLimits = DEFAULT_PAGE_LIMITS) {
  const page = positiveInt(url.searchParams.get('page')) ?? 1;
  const asked = positiveInt(url.searchParams.get('per_page')) ?? limits.defaultPerPage;
  return { page, perPage: Math.min(asked, limits.maxPerPage) };
}

function pageUrl(url: URL, page: number, perPage: number): string {
  const next = new URL(url);
  next.searchParams.set('page', String(page));
  next.searchParams.set('per_page', String(perPage));
  return next.toString();
}

/** Slices one page and builds its headers; `next` is omitted on the last page. */
export function paginate<T>(
  items: readonly T[],
  url: URL,
  limits: PageLimits = DEFAULT_PAGE_LIMITS,
): { items: T[]; headers: Record<string, string> } {
  const { page, perPage } = pageParams(url, limits);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const links = [`<${pageUrl(url, 1, perPage)}>; rel="first"`];
  if (page > 1) links.push(`<${pageUrl(url, Math.min(page - 1, last), perPage)}>; rel="prev"`);
  if (page < last) links.push(`<${pageUrl(url, page + 1, perPage)}>; rel="next"`);
  links.push(`<${pageUrl(url, last, perPage)}>; rel="last"`);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: { Total: String(items.length), 'Per-Page': String(perPage), Link: links.join(', ') },
  };
}
