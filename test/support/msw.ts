import { setupServer } from 'msw/node';

/**
 * The one in-process msw server of the node unit tests (the `unit` Vitest project): Procore as
 * the fake answers it, or as a test's own handlers do. Its lifecycle is test/setup/msw.ts;
 * tests only `server.use(...)`.
 */
export const server = setupServer();
