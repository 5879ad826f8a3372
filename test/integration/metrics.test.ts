import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { endpointClass } from '../../src/server/metrics.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TOKEN = 'metrics-token-0123456789';

it('/metrics answers only with its token, and counts Procore requests, runs and answers', async () => {
  h = await startAppHarness({ scenario: 'fresh-install', env: { METRICS_TOKEN: TOKEN } });
  const { sessionId } = await h.signIn();
  const cid = h.fake.facts.companyId;
  expect((await h.client(sessionId).get(`/api/companies/${cid}/status`)).status).toBe(200);

  const scrape = (authorization?: string) =>
    fetch(`${h!.server.url}/metrics`, {
      headers: authorization ? { Authorization: authorization } : {},
    });
  expect((await scrape()).status).toBe(401);
  expect((await scrape('Bearer wrong-token-0123456789')).status).toBe(401);

  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await response.text();
  expect(text).toMatch(/^salus_build_info\{version="0\.1\.0",commit="[\w.-]+"\} 1$/m);
  // The check's reads, by endpoint class and kind of token; no id in any label.
  expect(text).toMatch(
    /^salus_procore_requests_total\{endpoint="\/rest\/v1\.0\/companies\/:id\/[^"]*",token="(user|app)",status="200"\} \d+$/m,
  );
  expect(text).not.toContain(cid);
  expect(text).toMatch(
    /^salus_http_request_duration_seconds_count\{method="GET",route="\/api\/companies\/:cid\/status",status="200"\} 1$/m,
  );
  expect(text).toContain('# TYPE salus_runs gauge');
  // The job queue, by queue name (a class, never an id): the run's start queued one drive job.
  expect(text).toMatch(/^salus_jobs_queued\{queue="support-notice"\} \d+$/m);
  expect(text).toMatch(/^salus_jobs_dead_letters\{queue="support-notice-dead"\} 0$/m);
  expect(text).toContain('# TYPE salus_jobs_oldest_age_seconds gauge');
  expect(text).toContain('# TYPE salus_jobs_failed gauge');
  expect(text).toContain('# TYPE salus_support_webhook_deliveries_total counter');
  expect(text).toMatch(/^salus_procore_budget_remaining\{token="(user|app)"\} \d+$/m);
});

it('without METRICS_TOKEN there is no /metrics on the public port', async () => {
  h = await startAppHarness({ scenario: 'fresh-install' });
  expect((await fetch(`${h.server.url}/metrics`)).status).toBe(404);
});

it('every log line of a company request names the request and the company', async () => {
  const lines: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  h = await startAppHarness({ scenario: 'fresh-install', logStream });
  const { sessionId } = await h.signIn();
  const cid = h.fake.facts.companyId;
  await h.client(sessionId).get(`/api/companies/${cid}/status`);
  const done = lines.find((line) => line.msg === 'request completed' && line.companyId === cid);
  expect(done).toMatchObject({ reqId: expect.any(String), companyId: cid });
});

it('endpoint classes drop ids', () => {
  expect(endpointClass('/rest/v1.0/companies/8/users/42')).toBe(
    '/rest/v1.0/companies/:id/users/:id',
  );
  expect(endpointClass('/rest/v1.0/me')).toBe('/rest/v1.0/me');
});
