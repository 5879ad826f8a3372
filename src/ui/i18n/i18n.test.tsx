import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type {
  ApiErrorCode,
  CompanyStatus,
  SupportWatch,
  Watch,
  RunProgress,
  StepId,
  StepReason,
  StepResult,
} from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import { StepCard } from '../checklist/step-card.tsx';
import { WatchFacts } from '../support/support-table.tsx';
import { KeepingSetUp } from '../watch/keeping-set-up.tsx';
import {
  buildCompleteStatus,
  buildPlan,
  buildRun,
  buildSession,
  buildStatus,
  buildStep,
  buildSupportRow,
  buildSupportWatch,
  buildWatch,
  COMPANY_ID,
  companyTemplate,
  projectTemplate,
} from '../test/builders.ts';
import { renderApp, renderUi } from '../test/render.tsx';
import { server } from '../test/server.ts';
import { supportEn, type SupportCatalog } from '../support/i18n/en.ts';
import { supportEs } from '../support/i18n/es.ts';
import { supportFr } from '../support/i18n/fr.ts';
import { en as enCatalog } from './en.ts';
import { es as esCatalog } from './es.ts';
import { fr as frCatalog } from './fr.ts';
import { chooseLocale, type Locale } from './locale.tsx';
import { errorMessage, pauseReasonText, stepReasonText } from './server-text.ts';
import { setLocale, t, type Catalog } from './t.ts';

type Translated = Exclude<Locale, 'en'>;
/** Each locale's every string: its catalog, and the support view's (a chunk of its own). */
const en = { ...enCatalog, support: supportEn };
const LOCALES: Record<Translated, Catalog & { support: SupportCatalog }> = {
  es: { ...esCatalog, support: supportEs },
  fr: { ...frCatalog, support: supportFr },
};

/** Every message of a catalog by its dotted key (plural forms as `key.one`, `key.other`). */
function leaves(node: unknown, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [k, v] of leaves(value, path)) found.set(k, v);
  }
  return found;
}

const placeholders = (message: string) =>
  [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * The English words that must not show in a translated page: each English message split at its
 * placeholders, keeping pieces with a word in them. A piece the translation keeps as is (a
 * product name, "Admin" in French, "page") is not evidence of a missing translation.
 */
function englishPieces(locale: Translated): { key: string; piece: string }[] {
  const translated = leaves(LOCALES[locale]);
  const pieces: { key: string; piece: string }[] = [];
  for (const [key, english] of leaves(en)) {
    const other = translated.get(key) ?? '';
    if (other === english) continue;
    for (const raw of english.split(/\{\w+\}/)) {
      const piece = raw.replace(/^[\s\p{P}→—–-]+|[\s\p{P}→—–-]+$/gu, '');
      if ((piece.match(/\p{L}/gu) ?? []).length < 3 || other.includes(piece)) continue;
      pieces.push({ key, piece });
    }
  }
  return pieces;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Everything a person (or a screen reader) gets from the page: text, labels, field values. */
function pageText(): string {
  const parts = [document.body.textContent ?? ''];
  // Each text on its own too: in `textContent` a sentence that follows a heading is glued to it
  // ("…set upFix permissions"), and the word-boundary search would miss it.
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) parts.push(texts.currentNode.nodeValue ?? '');
  for (const element of document.querySelectorAll('*')) {
    for (const name of ['aria-label', 'aria-valuetext', 'title', 'placeholder', 'alt'])
      if (element.hasAttribute(name)) parts.push(element.getAttribute(name)!);
    if (element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement)
      parts.push(element.value);
  }
  return parts.join('\n');
}

/** Data from the server or Procore (names, Procore's own words): not ours to translate. */
const DATA = [
  'Acme Builders',
  'Ada Admin',
  'Standard Employee',
  companyTemplate.name,
  projectTemplate.name,
  'Tower B',
  'Depot',
  'Access denied',
  'Project is archived',
  'Template not allowed',
  'Rate limit exceeded',
  'socket hang up',
];

function untranslated(locale: Translated, text = pageText()): string[] {
  let rest = text;
  for (const data of DATA) rest = rest.split(data).join(' ');
  return englishPieces(locale)
    .filter(({ piece }) => new RegExp(`(^|[^\\p{L}])${escape(piece)}($|[^\\p{L}])`, 'u').test(rest))
    .map(({ key, piece }) => `${key}: "${piece}"`);
}

function withStatus(status: CompanyStatus) {
  server.use(http.get(`/api/companies/${COMPANY_ID}/status`, () => HttpResponse.json(status)));
}

describe('the catalogs', () => {
  const english = leaves(en);

  test.each(Object.entries(LOCALES))('%s has every key of en.ts and no other', (_, catalog) => {
    expect([...leaves(catalog).keys()].sort()).toEqual([...english.keys()].sort());
  });

  test.each(Object.entries(LOCALES))('%s keeps every placeholder of each message', (_, catalog) => {
    const translated = leaves(catalog);
    for (const [key, message] of english)
      expect({ key, placeholders: placeholders(translated.get(key) ?? '') }).toEqual({
        key,
        placeholders: placeholders(message),
      });
  });

  // A message may equal its English only when it has no words of its own, or when the word is
  // the same in that language (Procore's French says "Admin" and "Standard" too).
  const SAME_IN: Record<Translated, string[]> = {
    // "h" and "min" are the symbols for hours and minutes in all three languages.
    // "Procore: {message}" names Procore and quotes it: nothing to translate in Spanish.
    es: ['report.procoreSaid', 'report.procoreAnswered', 'duration.hoursMinutes'],
    fr: [
      'facts.adminRequired',
      'tools.admin',
      'tools.observations',
      'tools.inspections',
      'tools.incidents',
      'accessLevels.standard',
      'accessLevels.admin',
      'duration.minutes.one',
      'duration.minutes.other',
      'duration.hoursMinutes',
    ],
  };

  test.each(Object.entries(LOCALES))('%s copies no English word by mistake', (locale, catalog) => {
    const translated = leaves(catalog);
    const copied = [...english]
      .filter(([key, message]) => translated.get(key) === message)
      .filter(([, message]) => /\p{L}/u.test(message.replace(/\{\w+\}|HTTP/g, '')))
      .map(([key]) => key);
    expect(copied).toEqual(SAME_IN[locale as Translated]);
  });

  test('plural forms follow each language: 0 is singular in French, plural in Spanish', () => {
    setLocale('fr');
    expect(t('duration.minutes', { count: 0 })).toBe('0 minute');
    // A run's progress agrees with its total, never with how many are done ("1 projets sur 1").
    expect(t('progress.bar', { done: 1, count: 1 })).toBe('1 sur 1 projet');
    expect(t('progress.bar', { done: 1, count: 5 })).toBe('1 sur 5 projets');
    expect(t('fix.addProjects', { count: 1163 })).toBe(
      'Ajouter le compte de service à 1\u202f163 projets avec le modèle de projet SALUS.',
    );
    setLocale('es');
    expect(t('duration.minutes', { count: 0 })).toBe('0 minutos');
    expect(t('duration.minutes', { count: 1 })).toBe('1 minuto');
    // CLDR's "many" (a million) takes the plural form.
    expect(t('projects.toggle', { count: 1_000_000 })).toBe(
      'Los 1.000.000 proyectos que hay que corregir',
    );
  });
});

describe('the locale', () => {
  test('?locale= wins, then the browser’s languages by primary subtag, then English', () => {
    expect(chooseLocale('?locale=fr', ['es-ES'])).toBe('fr');
    expect(chooseLocale('?company_id=1&locale=es-MX', ['fr'])).toBe('es');
    expect(chooseLocale('?locale=de', ['fr-CA', 'en'])).toBe('fr');
    expect(chooseLocale('', ['de-DE', 'es-419'])).toBe('es');
    expect(chooseLocale('', ['de-DE', 'it'])).toBe('en');
    expect(chooseLocale('', [])).toBe('en');
  });

  test('the app follows ?locale= and says so in <html lang>', async () => {
    renderApp(`/?company_id=${COMPANY_ID}&locale=es`);
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Configuración de SALUS para Acme Builders',
      }),
    ).toBeVisible();
    expect(document.documentElement.lang).toBe('es');
    expect(screen.getByRole('button', { name: 'Corregir permisos' })).toBeVisible();
  });

  test('without ?locale= the app follows the browser', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-CA', 'en-US']);
    renderApp();
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Configuration de SALUS pour Acme Builders',
      }),
    ).toBeVisible();
    expect(document.documentElement.lang).toBe('fr');
  });

  test('a browser in another language gets English', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE', 'ja']);
    renderApp();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'SALUS setup for Acme Builders' }),
    ).toBeVisible();
    expect(document.documentElement.lang).toBe('en');
  });

  test('numbers and dates are formatted for the locale', async () => {
    withStatus(buildCompleteStatus());
    renderApp(`/?company_id=${COMPANY_ID}&locale=fr`);
    expect(await screen.findByText(/^Terminée le 3 mars 2026.* par Ada Admin\.$/)).toBeVisible();
    // French groups thousands with a narrow no-break space (Testing Library folds it to a space).
    expect(screen.getByText(/les 1\s200 projets actifs/)).toBeVisible();
  });
});

/** Each step in each state it can be in, with every reason code the server sends. */
function everyStepResult(): StepResult[] {
  const needs = (id: StepId, reason: StepReason, details?: object | null) =>
    buildStep(id, {
      state: 'needs-attention',
      reason,
      ...(details === undefined ? {} : { details: details as never }),
      procore: {
        path: [
          'Company Tools',
          'Directory',
          'salus-integration-1a2b3c4d',
          'Edit',
          'Current Project Settings',
        ],
        url: 'https://app.procore.example/4207/company/directory/users',
      },
    });
  const cannot = (id: StepId, reason: StepReason) =>
    buildStep(id, { state: 'cannot-check', reason, details: null });
  const standard = 'Standard Employee';
  const required = 'SALUS Integration Account';
  return [
    buildStep('admin'),
    needs(
      'admin',
      { code: 'not-directory-admin', accessLevel: 'Read Only' },
      { isAdmin: false, accessLevel: 'Read Only' },
    ),
    needs(
      'admin',
      { code: 'not-directory-admin', accessLevel: null },
      { isAdmin: false, accessLevel: null },
    ),
    cannot('admin', { code: 'procore-error', procore: { status: 403, message: 'Access denied' } }),
    buildStep('app-installed'),
    needs('app-installed', { code: 'not-installed' }, { installed: false, version: null }),
    needs('app-installed', { code: 'not-connected' }, { installed: false, version: null }),
    needs('app-installed', { code: 'pending-operation' }, { pendingOperation: true }),
    needs('app-installed', { code: 'update-available' }, { updateAvailable: true }),
    cannot('app-installed', {
      code: 'procore-error',
      procore: { status: null, message: 'socket hang up' },
    }),
    buildStep('service-account'),
    needs(
      'service-account',
      { code: 'several-candidates', count: 2 },
      {
        account: null,
        candidates: [
          { id: '1', name: 'salus-integration-a', email: null, createdAt: null },
          { id: '2', name: 'salus-integration-b', email: null, createdAt: null },
        ],
      },
    ),
    needs(
      'service-account',
      { code: 'not-found', prefix: 'salus-integration-' },
      { account: null },
    ),
    cannot('service-account', { code: 'waiting', step: 'app-installed' }),
    cannot('service-account', { code: 'could-not-check' }),
    buildStep('company-template'),
    needs(
      'company-template',
      { code: 'template-missing', kind: 'company', name: required },
      { current: null, required: null },
    ),
    needs(
      'company-template',
      { code: 'wrong-template', current: standard, required },
      { current: { id: '33', name: standard } },
    ),
    needs(
      'company-template',
      { code: 'wrong-template', current: null, required },
      { current: null },
    ),
    cannot('company-template', { code: 'waiting', step: 'service-account' }),
    buildStep('new-projects'),
    needs(
      'new-projects',
      { code: 'template-missing', kind: 'project', name: 'SALUS Project Integration' },
      { currentDefault: null, required: null },
    ),
    needs(
      'new-projects',
      { code: 'wrong-default-template', current: standard, required: 'SALUS Project Integration' },
      { currentDefault: { id: '33', name: standard } },
    ),
    needs(
      'new-projects',
      { code: 'wrong-default-template', current: null, required: 'SALUS Project Integration' },
      { currentDefault: null },
    ),
    needs('new-projects', { code: 'flag-unknown' }, { addToNewProjects: null }),
    needs('new-projects', { code: 'not-added-to-new-projects' }, { addToNewProjects: false }),
    buildStep('project-access'),
    needs(
      'project-access',
      { code: 'template-missing', kind: 'project', name: 'SALUS Project Integration' },
      { onWithTemplate: 0, missing: 1200 },
    ),
    needs(
      'project-access',
      {
        code: 'projects-missing',
        on: 37,
        total: 1200,
        missing: 1163,
        wrongTemplate: 5,
        unverified: 3,
      },
      { onWithTemplate: 37, missing: 1163, wrongTemplate: 5, unverified: 3 },
    ),
    buildStep('project-access', {
      state: 'cannot-check',
      reason: { code: 'limited-view', count: 40 },
    }),
    cannot('project-access', { code: 'run-in-progress' }),
    buildStep('connection-test'),
    needs(
      'connection-test',
      { code: 'cannot-read', failed: 2, sampled: 5, project: 'Tower B' },
      {
        readable: ['directory'],
        failures: [
          { projectId: '5', projectName: 'Tower B', status: 403, message: 'Access denied' },
          { projectId: '6', projectName: 'Depot', status: null, message: null },
        ],
      },
    ),
    needs(
      'connection-test',
      { code: 'projects-not-visible', visible: 1100, active: 1200 },
      { visibleProjects: 1100, readable: [] },
    ),
    buildStep('connection-test', {
      state: 'cannot-check',
      reason: { code: 'limited-view', count: 40 },
      details: { visibleProjects: 40, activeProjects: 40 },
    }),
    buildStep('support-notified'),
    buildStep('support-notified', { details: { status: 'queued', at: null } }),
    buildStep('support-notified', { details: { status: 'held', at: null } }),
    buildStep('support-notified', { details: { status: 'held', at: '2026-03-03T12:05:00Z' } }),
    needs('support-notified', { code: 'not-yet' }, { status: 'not-yet', at: null }),
    {
      id: 'over-privilege' as StepId,
      state: 'needs-attention',
      reason: {
        code: 'over-privileged',
        excess: [
          {
            scope: 'company',
            template: { id: '33', name: standard },
            adminTools: ['directory', 'admin'],
            projects: 0,
          },
          {
            scope: 'project',
            template: { id: '44', name: 'Depot' },
            adminTools: null,
            projects: 3,
          },
        ],
      },
      details: {
        step: 'over-privilege',
        excess: [
          {
            scope: 'company',
            template: { id: '33', name: standard },
            adminTools: ['directory', 'admin'],
            projects: 0,
          },
          {
            scope: 'project',
            template: { id: '44', name: 'Depot' },
            adminTools: null,
            projects: 3,
          },
        ],
      } as StepResult['details'],
      procore: null,
    },
  ];
}

describe.each<Translated>(['es', 'fr'])('in %s, no English string is left', (locale) => {
  test('(the check itself finds English words, even inside a longer text)', () => {
    expect(untranslated(locale, 'Botón: Apply changes.')).toContain('fix.apply: "Apply changes"');
    expect(untranslated(locale, 'Template not allowed')).toEqual([]);
  });

  test('on the sign-in screen, including an expired session', async () => {
    server.use(
      http.get('/api/session', () => HttpResponse.json(buildSession({ user: null, demo: true }))),
    );
    renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    await screen.findByRole('button', { name: LOCALES[locale].signIn.button });
    expect(screen.getByText(LOCALES[locale].app.demoBanner)).toBeVisible();
    expect(untranslated(locale)).toEqual([]);
  });

  test('on every step in every state, with every reason code', () => {
    const results = everyStepResult();
    renderUi(
      <ol>
        {results.map((result, index) => (
          <StepCard
            key={index}
            id={result.id}
            result={result}
            checking={false}
            companyId={COMPANY_ID}
          />
        ))}
        <StepCard id="project-access" result={null} checking companyId={COMPANY_ID} />
        <StepCard id="connection-test" result={null} checking={false} companyId={COMPANY_ID} />
      </ol>,
      { locale },
    );
    expect(untranslated(locale)).toEqual([]);
    // Every reason is worded, in the page's language.
    for (const result of results)
      if (result.reason) expect(stepReasonText(result)).toMatch(/\S{3}/);
  });

  test('on the checklist, the review and its blocked variant', async () => {
    const { user } = renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    await user.click(await screen.findByRole('button', { name: LOCALES[locale].fix.button }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText(LOCALES[locale].fix.intro);
    expect(untranslated(locale)).toEqual([]);
  });

  test('on a review that creates the SALUS templates, and its hand-off', async () => {
    const plan = buildPlan({
      createTemplates: [
        { name: companyTemplate.name, kind: 'company', levels: { directory: 'read_only' } },
        {
          name: projectTemplate.name,
          kind: 'project',
          levels: { directory: 'read_only', daily_log: 'standard', observations: 'standard' },
        },
      ],
    });
    server.use(http.get(`/api/companies/${COMPANY_ID}/plan`, () => HttpResponse.json(plan)));
    const { user } = renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    await user.click(await screen.findByRole('button', { name: LOCALES[locale].fix.button }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText(LOCALES[locale].fix.intro);
    expect(untranslated(locale)).toEqual([]);
  });

  test('on a review blocked by a missing template', async () => {
    const status = buildStatus();
    status.steps[4] = buildStep('new-projects', {
      state: 'needs-attention',
      reason: { code: 'template-missing', kind: 'project', name: projectTemplate.name },
      details: { currentDefault: null, required: null },
    });
    withStatus(status);
    server.use(
      http.get(`/api/companies/${COMPANY_ID}/plan`, () =>
        HttpResponse.json(buildPlan({ blockedBy: { step: 'new-projects' } })),
      ),
    );
    const { user } = renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    await user.click(await screen.findByRole('button', { name: LOCALES[locale].fix.button }));
    const alert = await within(await screen.findByRole('dialog')).findByRole('alert');
    expect(alert).toHaveTextContent(projectTemplate.name);
    expect(alert).not.toHaveTextContent('does not exist');
    expect(untranslated(locale)).toEqual([]);
  });

  test.each<[string, RunProgress['status'], RunProgress['pausedReason']]>([
    ['running', 'running', null],
    ['app not connected', 'paused', { code: 'app-not-connected' }],
    ['session expired', 'paused', { code: 'session-expired' }],
    [
      'account not updated',
      'paused',
      { code: 'account-not-updated', field: 'add_to_new_projects' },
    ],
    [
      'systemic failure',
      'paused',
      {
        code: 'systemic-failure',
        count: 5,
        procore: { status: 429, message: 'Rate limit exceeded' },
      },
    ],
    ['interrupted', 'paused', { code: 'interrupted' }],
    [
      'template not created',
      'paused',
      {
        code: 'template-not-created',
        name: 'SALUS Project Integration',
        procore: { status: 422, message: 'Access denied' },
      },
    ],
    ['trial done', 'trial-done', null],
    [
      'trial failed',
      'paused',
      {
        code: 'trial-failed',
        project: 'Tower B',
        procore: { status: 403, message: 'Access denied' },
      },
    ],
    ['failed', 'failed', null],
    ['cancelled', 'cancelled', null],
  ])('on the progress view: %s', async (_, runStatus, pausedReason) => {
    const run = buildRun({
      status: runStatus,
      pausedReason,
      failures: [
        { projectId: '81', projectName: 'Tower B', status: 403, message: 'Project is archived' },
        { projectId: '82', projectName: 'Depot', status: 422, message: 'Template not allowed' },
      ],
      trial:
        runStatus === 'trial-done'
          ? { projectId: '81', projectName: 'Tower B', readable: true }
          : null,
      finishedAt: ['running', 'paused', 'trial-done'].includes(runStatus)
        ? null
        : '2026-03-03T12:10:00Z',
    });
    withStatus(buildStatus({ activeRun: run }));
    server.use(http.get('/api/runs/:runId', () => HttpResponse.json(run)));
    renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    await screen.findByText(LOCALES[locale].progress.failuresTitle);
    if (pausedReason) expect(pageText()).toContain(pauseReasonText(pausedReason));
    expect(untranslated(locale)).toEqual([]);
  });

  test('on the badge', async () => {
    withStatus(buildCompleteStatus());
    renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    await screen.findByRole('heading', { name: new RegExp(LOCALES[locale].badge.title) });
    expect(screen.queryByText(/Setup complete/)).not.toBeInTheDocument();
    expect(untranslated(locale)).toEqual([]);
  });

  test('on the hand-off for someone who is not a Directory admin', async () => {
    const status = buildStatus({ viewer: { canFix: false } });
    status.steps[0] = buildStep('admin', {
      state: 'needs-attention',
      reason: { code: 'not-directory-admin', accessLevel: 'Read Only' },
      details: { isAdmin: false, accessLevel: 'Read Only' },
    });
    withStatus(status);
    renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    const message = await screen.findByRole('textbox');
    expect((message as HTMLTextAreaElement).value).toContain(
      LOCALES[locale].procorePath.companyTools,
    );
    expect(untranslated(locale)).toEqual([]);
  });

  test('on the app-not-installed, templates-missing and choose-account screens', async () => {
    const status = buildStatus();
    status.steps[1] = buildStep('app-installed', {
      state: 'needs-attention',
      reason: { code: 'not-installed' },
      details: { installed: false, installationId: null, version: null },
    });
    status.steps[2] = buildStep('service-account', {
      state: 'needs-attention',
      reason: { code: 'several-candidates', count: 2 },
      details: {
        account: null,
        candidates: [
          {
            id: '71',
            name: 'salus-integration-aaaa1111',
            email: 'a@x.example',
            createdAt: '2026-01-01T00:00:00Z',
          },
          { id: '72', name: 'salus-integration-bbbb2222', email: null, createdAt: null },
        ],
      },
    });
    status.steps[3] = buildStep('company-template', {
      state: 'needs-attention',
      details: { current: null, required: null },
    });
    status.steps[4] = buildStep('new-projects', {
      state: 'needs-attention',
      details: { currentDefault: null, required: null },
    });
    withStatus(status);
    renderApp(`/?company_id=${COMPANY_ID}`, { locale });
    await screen.findByRole('heading', { name: LOCALES[locale].appNotInstalled.title });
    await screen.findByRole('heading', { name: LOCALES[locale].templatesMissing.title.other });
    await screen.findByRole('heading', { name: LOCALES[locale].chooseAccount.title });
    expect(untranslated(locale)).toEqual([]);
  });

  test('on the support view', async () => {
    const withToken = (request: Request) => request.headers.get('Authorization') === 'Bearer token';
    server.use(
      http.get('/api/support/session', ({ request }) =>
        HttpResponse.json({
          person: withToken(request) ? { email: null, via: 'break-glass' } : null,
          signIn: true,
          breakGlass: true,
          demo: true,
        }),
      ),
      http.get('/api/support/companies/:cid', () =>
        HttpResponse.json({
          company: buildSupportRow(),
          latestRun: {
            id: 'r1',
            kind: 'fix',
            status: 'succeeded',
            startedAt: '2026-03-03T12:00:00Z',
          },
          recentAccess: [
            {
              at: '2026-03-05T10:00:00Z',
              email: 'a@salus.example',
              via: 'sign-in',
              view: 'report',
            },
            { at: '2026-03-05T09:00:00Z', email: null, via: 'break-glass', view: 'notices' },
          ],
          watchDrift: [
            {
              kind: 'not-on-project',
              project: { id: '77', name: 'Torre Norte' },
              since: '2026-03-06T08:00:00Z',
            },
          ],
          autoRepair: {
            state: 'on',
            admin: { id: '9', name: 'Alex Morgan' },
            since: '2026-03-05T12:00:00Z',
            pausedReason: null,
            lastRepair: { runId: 'run-7', at: '2026-03-06T08:05:00Z' },
          },
        }),
      ),
      http.get('/api/support/companies', ({ request }) =>
        withToken(request)
          ? HttpResponse.json([
              buildSupportRow(),
              buildSupportRow({
                companyId: '5150',
                companyName: 'Depot',
                state: 'needs-attention',
                completedAt: null,
                problems: ['project-access'],
                unchecked: ['connection-test'],
              }),
              buildSupportRow({
                companyId: '7007',
                companyName: 'Mill',
                state: 'drifted',
                problems: ['company-template'],
                drift: { since: '2026-03-04T09:00:00Z', changes: ['company-template'] },
              }),
              buildSupportRow({ companyId: '6160', companyName: 'Tower B', state: 'running' }),
            ])
          : HttpResponse.json(
              { error: { code: 'unauthenticated', message: 'No token' } },
              { status: 401 },
            ),
      ),
      http.get('/api/support/outbox', () =>
        HttpResponse.json({
          notices: [
            {
              id: 'n1',
              kind: 'salus.setup.drift',
              companyId: '7007',
              companyName: 'Mill',
              step: 'company-template',
              status: 'held',
              attempts: 0,
              createdAt: '2026-03-04T09:00:00Z',
              deliveredAt: null,
              lastError: null,
              payload: {},
            },
            {
              id: 'n2',
              kind: 'salus.setup.completed',
              companyId: '4207',
              companyName: 'Acme Builders',
              step: null,
              status: 'failed',
              attempts: 10,
              createdAt: '2026-03-03T12:00:00Z',
              deliveredAt: null,
              lastError: 'HTTP 500',
              payload: {},
            },
          ],
          jobs: { queued: 2, oldestSeconds: 90, failed: 1, deadLetters: 1 },
        }),
      ),
    );
    const { user } = renderApp('/support?refused=not-in-group', { locale });
    await screen.findByRole('link', { name: LOCALES[locale].support.signIn.button });
    await screen.findByText(LOCALES[locale].support.refused['not-in-group']);
    expect(untranslated(locale)).toEqual([]);
    await user.click(screen.getByText(LOCALES[locale].support.breakGlass.summary));
    await user.click(await screen.findByRole('button', { name: LOCALES[locale].support.submit }));
    expect(
      screen.getByText(LOCALES[locale].support.tokenMissing, { exact: false }),
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText(LOCALES[locale].support.tokenLabel), 'token');
    await user.click(screen.getByRole('button', { name: LOCALES[locale].support.submit }));
    await screen.findByRole('region', { name: LOCALES[locale].support.notices.title });
    await screen.findByRole('contentinfo', { name: LOCALES[locale].support.jobs.title });
    expect(untranslated(locale)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Acme Builders (4207)' }));
    await screen.findByRole('region', { name: LOCALES[locale].support.detail.accessTitle });
    expect(untranslated(locale)).toEqual([]);
  });

  test('on the watch, in every state, with every kind of change it finds', () => {
    const since = '2026-03-04T12:00:00Z';
    const tower = { id: '8500075', name: 'Tower B' };
    const drift: Watch['drift'] = [
      { kind: 'not-on-project', project: tower, since },
      { kind: 'left-project', project: { id: '8500076', name: 'Depot' }, since },
      { kind: 'project-template', project: tower, templateName: 'Standard Employee', since },
      { kind: 'project-template', project: tower, templateName: null, since },
      ...(
        [
          ['company_permission_template_id', 'Standard Employee'],
          ['company_permission_template_id', null],
          ['default_permission_template_id', 'Standard Employee'],
          ['default_permission_template_id', null],
          ['add_to_new_projects', false],
          ['add_to_new_projects', null],
        ] as const
      ).map(([field, now]) => ({ kind: 'account-setting' as const, field, now, since })),
    ];
    const watches: Watch[] = [
      ...(['on', 'not-allowed', 'pending', 'unavailable'] as const).map((events) =>
        buildWatch({ events, newProjectsUnverifiedSince: since }),
      ),
      buildWatch({ lastVerifiedAt: null, drift }),
      buildWatch({ state: 'stopped', drift }),
    ];
    const withoutTemplateName = buildStatus();
    withoutTemplateName.steps[4] = buildStep('new-projects', { details: null });
    const supportWatches: (SupportWatch | null)[] = [
      null,
      ...(['on', 'not-allowed', 'pending', 'unavailable'] as const).map((events) =>
        buildSupportWatch({ events }),
      ),
      buildSupportWatch({
        state: 'stopped',
        lastVerifiedAt: null,
        lastEventAt: null,
        openDrift: 2,
        driftSince: since,
        driftKinds: ['not-on-project', 'left-project', 'project-template', 'account-setting'],
        newProjectsUnverifiedSince: since,
      }),
      buildSupportWatch({ openDrift: 1, driftKinds: ['left-project'] }),
    ];
    renderUi(
      <>
        {watches.map((watch, index) => (
          <KeepingSetUp key={index} status={buildStatus({ watch })} fixOffered />
        ))}
        <KeepingSetUp status={{ ...withoutTemplateName, watch: watches[4]! }} fixOffered />
        {supportWatches.map((watch, index) => (
          <WatchFacts key={index} watch={watch} />
        ))}
      </>,
      { locale },
    );
    expect(
      screen.getAllByRole('heading', { level: 2, name: LOCALES[locale].watch.title }),
    ).toHaveLength(watches.length + 1);
    expect(untranslated(locale)).toEqual([]);
  });

  test('in every error our server can answer', () => {
    setLocale(locale);
    const codes: ApiErrorCode[] = [
      'unauthenticated',
      'session-expired',
      'forbidden',
      'csrf',
      'not-found',
      'bad-request',
      'conflict',
      'not-admin',
      'procore-unavailable',
      'rate-limited',
      'procore-busy',
      'internal',
    ];
    const errors = [
      ...codes.map((code) => new ApiError(400, code, 'An English message from the server.')),
      new ApiError(403, 'forbidden', 'Procore refused.', {
        procore: { status: 403, message: 'Access denied' },
      }),
      new ApiError(502, 'procore-unavailable', 'Procore could not be reached or failed.', {
        procore: { status: 503, message: 'Access denied' },
      }),
      new ApiError(0, 'network', 'Failed to fetch'),
      new ApiError(500, 'unknown', 'HTTP 500'),
    ];
    for (const error of errors) {
      const text = errorMessage(error);
      expect(text).not.toContain('English message');
      expect(untranslated(locale, text)).toEqual([]);
    }
    expect(errorMessage(errors.at(-4)!)).toContain('Access denied');
  });
});
