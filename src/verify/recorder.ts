/**
 * A `fetch` that remembers the status and headers of every response, so the rate-limit fact is
 * judged on everything the run saw rather than one probe.
 */
export interface SeenResponse {
  path: string;
  status: number;
  headers: Headers;
}

export interface RecordingFetch {
  fetch: typeof fetch;
  seen: SeenResponse[];
}

export function recordingFetch(
  base: typeof fetch = (input, init) => globalThis.fetch(input, init),
): RecordingFetch {
  const seen: SeenResponse[] = [];
  const recorded: typeof fetch = async (input, init) => {
    const res = await base(input, init);
    const url = input instanceof Request ? input.url : String(input);
    seen.push({ path: new URL(url).pathname, status: res.status, headers: res.headers });
    return res;
  };
  return { fetch: recorded, seen };
}
