import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RunProgress } from '../../api/contract.ts';
import { sendError, toHttpError } from '../errors.ts';
import { typed } from './index.ts';
import { runProgressResponse } from './responses.ts';

const progress: RunProgress = {
  runId: '7d5c1e2a-0000-4000-8000-000000000001',
  companyId: '42',
  status: 'running',
  kind: 'fix',
  origin: 'person',
  phase: 'projects',
  accountChanges: ['add_to_new_projects'],
  total: 3,
  counts: {
    pending: 2,
    added: 1,
    already_member: 0,
    retemplated: 0,
    removed: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  },
  etaSeconds: 4,
  pausedReason: null,
  cancelRequested: false,
  trial: null,
  failures: [],
  startedBy: { id: '9', name: 'Alex Morgan' },
  startedAt: '2026-12-05T09:00:00.000Z',
  resumedBy: null,
  finishedAt: null,
};

/** A tiny app API with one route answering `answer`, typed like the real ones. */
async function appAnswering(answer: unknown) {
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    const http = toHttpError(error);
    return sendError(reply, http.status, http.code, http.message, http.details);
  });
  await app.register(async (api) => {
    typed(api);
    api
      .withTypeProvider<ZodTypeProvider>()
      .get('/api/run', { schema: { response: { 200: runProgressResponse } } }, async () =>
        structuredClone(answer as RunProgress),
      );
  });
  return app;
}

describe('the app API answers through its response schemas', () => {
  it('sends what the contract names and drops anything else (a token, a raw record)', async () => {
    const app = await appAnswering({
      ...progress,
      accessToken: 'procore-access-token',
      plan: { sessionRef: 'sealed' },
    });
    const response = await app.inject('/api/run');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(progress);
    expect(response.body).not.toContain('procore-access-token');
    expect(response.body).not.toContain('sealed');
  });

  it('refuses an answer that breaks the contract: 500 in the error shape, nothing of it sent', async () => {
    const app = await appAnswering({ ...progress, status: 'half-done', startedBy: null });
    const response = await app.inject('/api/run');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(response.body).not.toContain('half-done');
  });

  it('refuses at start-up a route that declares no response schema', async () => {
    const app = Fastify();
    await expect(
      app.register(async (api) => {
        typed(api);
        api.get('/api/loose', async () => ({ anything: true }));
      }),
    ).rejects.toThrow('GET /api/loose declares no response schema');
  });
});
