import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from '../support/msw.ts';

// Any request no handler answers fails the test: nothing reaches a real network.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
