/** Reading Procore's `filters[…]`, `sort` and `view` query parameters (procore-platform.md §1). */

/** `filters[name]=a` and `filters[name][]=a&filters[name][]=b` alike. */
export function filterValues(url: URL, name: string): string[] {
  const p = url.searchParams;
  const values = [...p.getAll(`filters[${name}]`), ...p.getAll(`filters[${name}][]`)];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function filterValue(url: URL, name: string): string | null {
  return filterValues(url, name)[0] ?? null;
}

export function matchesSearch(needle: string | null, ...fields: (string | null | undefined)[]) {
  if (!needle) return true;
  const n = needle.toLowerCase();
  return fields.some((f) => f?.toLowerCase().includes(n));
}

/** `Active` | `Inactive` | `All` (Procore's `filters[by_status]`), case-insensitive. */
export function byStatus(url: URL, fallback: 'active' | 'inactive' | 'all' = 'active') {
  const raw = filterValue(url, 'by_status')?.toLowerCase();
  return raw === 'active' || raw === 'inactive' || raw === 'all' ? raw : fallback;
}

export function statusMatches(status: 'active' | 'inactive' | 'all', active: boolean): boolean {
  return status === 'all' || (status === 'active') === active;
}

export function byText<T>(key: (item: T) => string | null | undefined, desc = false) {
  return (a: T, b: T) => {
    const r = (key(a) ?? '').localeCompare(key(b) ?? '', 'en', { sensitivity: 'base' });
    return desc ? -r : r;
  };
}
