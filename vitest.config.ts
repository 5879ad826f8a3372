import { defineConfig } from 'vitest/config';

/**
 * Three projects, each set up once: `ui` (jsdom, our API mocked by msw, the console.error
 * guard: src/ui/test/setup.ts), `unit` (node, Procore mocked by msw in process:
 * test/setup/msw.ts) and `node` (real sockets and a real database; msw must not see them).
 */
const procoreInProcess = 'src/server/procore-access.test.ts';
const realSockets = [
  'src/fake-procore/server.test.ts',
  'src/fake-procore/webhook-delivery.test.ts',
];

export default defineConfig({
  test: {
    globals: true,
    globalSetup: ['./test/setup/postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'ui',
          include: ['src/ui/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['./src/ui/test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'src/procore/**/*.test.ts',
            'src/setup/**/*.test.ts',
            'src/fake-procore/**/*.test.ts',
            'test/contract/**/*.test.ts',
            procoreInProcess,
          ],
          exclude: realSockets,
          environment: 'node',
          setupFiles: ['./test/setup/msw.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'src/server/**/*.test.ts',
            'src/api/**/*.test.ts',
            'test/**/*.test.ts',
            'scripts/**/*.test.ts',
            ...realSockets,
          ],
          exclude: [procoreInProcess, 'test/contract/**'],
          environment: 'node',
        },
      },
    ],
  },
});
