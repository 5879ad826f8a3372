/**
 * A `fetch` that remembers the status and headers of every response, so the rate-limit fact is
 * judged on everything the run saw rather than one probe.
 */
export interface SeenResponse {
  path: string;
  status: number;
  headers: Headers;
  /**
   * Which quota the request was counted against: `caller-1`, `caller-2`… per bearer token and
   * company in order of first use (Procore counts per token and company; the token is not kept).
   */
  quota: string;
}

export interface RecordingFetch {
  fetch: typeof fetch;
  seen: SeenResponse[];
}

export function recordingFetch(
  base: typeof fetch = (input, init) => globalThis.fetch(input, init),
): RecordingFetch {
  const seen: SeenResponse[] = [];
  const quotas = new Map<string, string>();
  const recorded: typeof fetch = async (input, init) => {
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    const key = `${headers.get('authorization') ?? ''}|${headers.get('procore-company-id') ?? ''}`;
    const quota = quotas.get(key) ?? `caller-${quotas.size + 1}`;
    quotas.set(key, quota);
    const res = await base(input, init);
    const url = input instanceof Request ? input.url : String(input);
    seen.push({ path: new URL(url).pathname, status: res.status, headers: res.headers, quota });
    return res;
  };
  return { fetch: recorded, seen };
}
