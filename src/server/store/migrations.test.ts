import { describeEachEngine } from '../../../test/setup/engines.ts';
import { MIGRATIONS, migrate } from './migrations.ts';

const TABLES = [
  'audit',
  'company_settings',
  'company_status',
  'company_watch',
  'completions',
  'handoffs',
  'leases',
  'membership_templates',
  'oauth_states',
  'outbox',
  'plans',
  'procore_budgets',
  'procore_company_facts',
  'procore_windows',
  'repair_grants',
  'run_items',
  'runs',
  'schema_migrations',
  'sessions',
  'sign_in_results',
  'support_sessions',
  'support_sign_ins',
  'watch_drift',
  'watch_projects',
  'webhook_events',
];

/** Every migration's id, ascending: the order they apply in, whatever order they are listed in. */
const IDS = MIGRATIONS.map((m) => m.id).sort((a, b) => a - b);

describeEachEngine(
  'migrations',
  (ctx) => {
    it('creates every table once and does nothing when run again', async () => {
      const first = await migrate(ctx.db);
      expect(first.applied).toEqual(IDS);
      const second = await migrate(ctx.db);
      expect(second.applied).toEqual([]);

      const tables = await ctx.db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() ORDER BY table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(TABLES);
      const recorded = await ctx.db.query<{ id: number }>(
        'SELECT id FROM schema_migrations ORDER BY id',
      );
      expect(recorded.map((r) => r.id)).toEqual(IDS);
      expect(new Set(IDS).size).toBe(IDS.length);
    });

    it('applies a later migration on its own and rolls a failing one back whole', async () => {
      const extra = [...MIGRATIONS, { id: 9001, name: 'extra', sql: 'CREATE TABLE extra (x int)' }];
      expect((await migrate(ctx.db, extra)).applied).toEqual([9001]);

      const broken = [
        ...extra,
        { id: 9002, name: 'half', sql: 'CREATE TABLE half (x int); SELECT no_such_function()' },
      ];
      await expect(migrate(ctx.db, broken)).rejects.toThrow();
      const half = await ctx.db.query(
        `SELECT 1 FROM information_schema.tables WHERE table_name = 'half'`,
      );
      expect(half).toEqual([]);
      expect((await migrate(ctx.db, extra)).applied).toEqual([]);
    });

    it('applies a migration numbered below one already applied (two changes made at once)', async () => {
      // As when a change's migration 45 shipped before another change's 44.
      const later = [...MIGRATIONS, { id: 9005, name: 'later', sql: 'CREATE TABLE later (x int)' }];
      expect((await migrate(ctx.db, later)).applied).toEqual([9005]);
      const between = [
        ...later,
        { id: 9004, name: 'between', sql: 'CREATE TABLE between_them (x int)' },
      ];
      expect((await migrate(ctx.db, between)).applied).toEqual([9004]);
      expect((await migrate(ctx.db, between)).applied).toEqual([]);
    });

    // PGlite is one connection in one process: nothing can race it there.
    it.runIf(ctx.engine === 'postgres')('lets two instances migrate at the same time', async () => {
      const other = (await ctx.openAnother())!;
      const racing = [
        ...MIGRATIONS,
        { id: 9001, name: 'extra', sql: 'CREATE TABLE extra (x int)' },
        { id: 9003, name: 'race', sql: 'CREATE TABLE race (x int); SELECT pg_sleep(0.2)' },
      ];
      const results = await Promise.all([migrate(ctx.db, racing), migrate(other, racing)]);
      expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([
        [9003],
        [],
      ]);
      const recorded = await ctx.db.query<{ id: number; n: number }>(
        'SELECT id, count(*)::int AS n FROM schema_migrations GROUP BY id ORDER BY id',
      );
      expect(recorded.every((r) => r.n === 1)).toBe(true);
    });
  },
  { migrate: false },
);

describeEachEngine(
  'migrations from an empty database, racing',
  (ctx) => {
    it('two migrators on an empty database both succeed and apply each migration once', async () => {
      const other = await ctx.openAnother();
      const results = await Promise.all([migrate(ctx.db), migrate(other ?? ctx.db)]);
      expect(results.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(IDS);
    });
  },
  { migrate: false },
);

describeEachEngine('database handle', (ctx) => {
  it('rolls back a transaction that throws and commits one that returns', async () => {
    await ctx.db.exec('CREATE TABLE t_tx (x int)');
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.query('INSERT INTO t_tx VALUES (1)');
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    const value = await ctx.db.transaction(async (tx) => {
      await tx.query('INSERT INTO t_tx VALUES (2)');
      // A nested transaction joins the outer one.
      await tx.transaction((inner) => inner.query('INSERT INTO t_tx VALUES (3)'));
      return 'done';
    });
    expect(value).toBe('done');
    const rows = await ctx.db.query<{ x: number }>('SELECT x FROM t_tx ORDER BY x');
    expect(rows).toEqual([{ x: 2 }, { x: 3 }]);
  });

  it('returns timestamptz as Date, jsonb parsed, and big Procore ids intact as text', async () => {
    const [row] = await ctx.db.query<{ at: Date; doc: unknown; id: string }>(
      `SELECT $1::timestamptz AS at, $2::jsonb AS doc, $3::text AS id`,
      [
        '2026-01-02T03:04:05.678Z',
        JSON.stringify({ ids: ['9007199254740993'] }),
        '9007199254740993',
      ],
    );
    expect(row!.at).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(row!.doc).toEqual({ ids: ['9007199254740993'] });
    expect(row!.id).toBe('9007199254740993');
  });
});

// A database of its own: the older schema first, then migration 40 over rows it stored.
describeEachEngine(
  'the typed run record (migration 40)',
  (ctx) => {
    it('types the runs an older version stored: kind, phase, trial and the pause as data', async () => {
      await migrate(
        ctx.db,
        MIGRATIONS.filter((m) => m.id < 40),
      );
      const insert = (id: string, company: string, status: string, plan: object, extra: object) =>
        ctx.db.query(
          `INSERT INTO runs (id, company_id, started_by_id, started_by_name, status, plan,
             paused_reason, summary, created_at, updated_at)
           VALUES ($1, $2, '1', 'Ada', $3, $4::jsonb, $5, $6::jsonb, now(), now())`,
          [
            id,
            company,
            status,
            JSON.stringify(plan),
            (extra as { reason?: string }).reason ?? null,
            JSON.stringify((extra as { summary?: object }).summary ?? null),
          ],
        );
      await insert(
        'trial',
        'c1',
        'paused',
        { trial: true },
        {
          reason: JSON.stringify({ code: 'trial-done', message: 'Tried on "Tower B"…' }),
          summary: { phase: 'projects' },
        },
      );
      await insert('undo', 'c2', 'paused', { undo: {} }, { reason: 'rate limited' });
      await insert('done', 'c3', 'succeeded', {}, { summary: { phase: 'done' } });
      await ctx.db.query(
        `INSERT INTO run_items (run_id, project_id, project_name, action, template_id, updated_at)
         VALUES ('trial', '7', 'Tower B', 'add', '', now())`,
      );
      await migrate(ctx.db);
      const rows = await ctx.db.query<Record<string, unknown>>(
        `SELECT id, kind, status, phase, trial, paused_reason FROM runs ORDER BY id`,
      );
      expect(rows).toEqual([
        {
          id: 'done',
          kind: 'fix',
          status: 'succeeded',
          phase: 'done',
          trial: false,
          paused_reason: null,
        },
        {
          id: 'trial',
          kind: 'fix',
          status: 'trial-done',
          phase: 'projects',
          trial: true,
          paused_reason: null,
        },
        {
          id: 'undo',
          kind: 'undo',
          status: 'paused',
          phase: 'account',
          trial: false,
          paused_reason: { code: 'interrupted' },
        },
      ]);
      const [item] = await ctx.db.query<{ template_id: string | null }>(
        `SELECT template_id FROM run_items`,
      );
      expect(item?.template_id).toBeNull();
    });
  },
  { migrate: false },
);

describeEachEngine(
  'the outbox without its own schedule (migration 45)',
  (ctx) => {
    it('drops the dead schedule column and its index, keeping the notices', async () => {
      await migrate(
        ctx.db,
        MIGRATIONS.filter((m) => m.id < 45),
      );
      await ctx.db.query(
        `INSERT INTO outbox (id, kind, payload, idempotency_key, status, next_attempt_at,
           created_at)
         VALUES ('n1', 'salus.setup.completed', '{}', 'k1', 'pending', now(), now())`,
      );
      await migrate(ctx.db);
      const columns = await ctx.db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'outbox'`,
      );
      expect(columns.map((c) => c.column_name)).not.toContain('next_attempt_at');
      const indexes = await ctx.db.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename = 'outbox' ORDER BY indexname`,
      );
      expect(indexes.map((i) => i.indexname)).toContain('outbox_pending');
      expect(indexes.map((i) => i.indexname)).not.toContain('outbox_due');
      expect(await ctx.db.query(`SELECT id, status FROM outbox`)).toEqual([
        { id: 'n1', status: 'pending' },
      ]);
    });
  },
  { migrate: false },
);
