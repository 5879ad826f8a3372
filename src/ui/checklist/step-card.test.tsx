import { screen, within } from '@testing-library/react';
import type { StepId } from '../../api/contract.ts';
import { t } from '../i18n/t.ts';
import { buildStep, COMPANY_ID, companyTemplate, otherTemplate } from '../test/builders.ts';
import { renderUi } from '../test/render.tsx';
import { StepCard } from './step-card.tsx';

function renderCard(id: StepId, result: ReturnType<typeof buildStep> | null, checking = false) {
  renderUi(
    <ol>
      <StepCard id={id} result={result} checking={checking} companyId={COMPANY_ID} />
    </ol>,
  );
  return screen.getByRole('article', { name: t(`steps.${id}.title`) });
}

describe('each step shows its state and the facts behind it', () => {
  test.each<[StepId, ReturnType<typeof buildStep>, string[]]>([
    [
      'admin',
      buildStep('admin', {
        state: 'needs-attention',
        details: { isAdmin: false, accessLevel: 'readonly' },
      }),
      // What the viewer has; the app never changes their own access.
      ['Your Directory access: readonly'],
    ],
    [
      'app-installed',
      buildStep('app-installed', {
        state: 'needs-attention',
        details: { installed: false, version: null },
      }),
      ['SALUS app: not installed'],
    ],
    [
      'service-account',
      buildStep('service-account', {
        state: 'needs-attention',
        details: {
          account: null,
          candidates: [
            { id: '1', name: 'salus-integration-a', email: null, createdAt: null },
            { id: '2', name: 'salus-integration-b', email: null, createdAt: null },
          ],
        },
      }),
      ['Service account: not chosen yet'],
    ],
    [
      'company-template',
      buildStep('company-template', { state: 'needs-attention', details: { current: null } }),
      ['Company template: none → SALUS Integration Account'],
    ],
    [
      'new-projects',
      buildStep('new-projects', {
        state: 'needs-attention',
        details: { addToNewProjects: false, currentDefault: otherTemplate },
      }),
      [
        'Add to new projects: off → on',
        'Default project template: Standard Employee → SALUS Project Integration',
      ],
    ],
    [
      'project-access',
      buildStep('project-access', {
        state: 'needs-attention',
        details: { activeTotal: 1200, onWithTemplate: 37, missing: 1163, wrongTemplate: 5 },
      }),
      ['Projects: on 37 of 1,200 — 1,163 missing, 5 with another template'],
    ],
    [
      'connection-test',
      buildStep('connection-test', {
        state: 'needs-attention',
        details: {
          readable: ['Directory', 'Daily Log'],
          failures: [
            { projectId: '5', projectName: 'Tower B', status: 403, message: 'Access denied' },
          ],
        },
      }),
      ['It could read their Directory and Daily Log.', 'Tower B: Access denied (HTTP 403)'],
    ],
    [
      'over-privilege',
      buildStep('over-privilege', {
        state: 'needs-attention',
        details: {
          excess: [
            {
              scope: 'company',
              template: { id: '5', name: 'Company Admin' },
              adminTools: ['admin', 'directory'],
              projects: 0,
            },
            {
              scope: 'project',
              template: { id: '6', name: 'Project Manager' },
              adminTools: ['directory'],
              projects: 2,
            },
          ],
        },
      }),
      [
        'Company template “Company Admin” instead of the SALUS one, with Admin on: Admin and Directory',
        'Project template “Project Manager” with Admin on Directory, on 2 projects',
      ],
    ],
    [
      'support-notified',
      buildStep('support-notified', {
        state: 'needs-attention',
        reason: { code: 'not-yet' },
        details: { status: 'not-yet', at: null },
      }),
      // Said once (its reason), not again as a fact.
      ['SALUS support is told automatically once setup is complete.'],
    ],
  ])('%s needing attention', (id, result, facts) => {
    const card = renderCard(id, result);
    expect(within(card).getByText('Needs attention')).toBeInTheDocument();
    expect(within(card).getByText(t(`steps.${id}.why`))).toBeInTheDocument();
    for (const fact of facts) expect(within(card).getByText(fact)).toBeInTheDocument();
  });

  test('complete: the pill, and the value it has (no arrow)', () => {
    const card = renderCard('company-template', buildStep('company-template'));
    expect(within(card).getByText('Complete')).toBeInTheDocument();
    expect(within(card).getByText(`Company template: ${companyTemplate.name}`)).toBeInTheDocument();
  });

  test('complete over-privilege: nothing beyond the SALUS templates', () => {
    const card = renderCard('over-privilege', buildStep('over-privilege'));
    expect(within(card).getByText('Complete')).toBeInTheDocument();
    expect(within(card).getByText('Only the SALUS templates: nothing more.')).toBeInTheDocument();
  });

  test('complete project access says every active project is covered', () => {
    const card = renderCard('project-access', buildStep('project-access'));
    expect(within(card).getByText('Complete')).toBeInTheDocument();
    expect(
      within(card).getByText('Projects: on all 1,200 active projects with the SALUS template'),
    ).toBeInTheDocument();
    expect(within(card).getByText('32 inactive projects are left alone.')).toBeInTheDocument();
  });

  test('project access says how many templates Procore confirmed, and why it read project by project', () => {
    const card = renderCard(
      'project-access',
      buildStep('project-access', {
        state: 'needs-attention',
        reason: {
          code: 'projects-missing',
          on: 30,
          total: 80,
          missing: 0,
          wrongTemplate: 0,
          unverified: 50,
        },
        details: {
          activeTotal: 80,
          onWithTemplate: 30,
          missing: 0,
          wrongTemplate: 0,
          unverified: 50,
          membershipFrom: 'per-project',
          fallback: 'account-is-company-admin',
          templatesVerified: 30,
          templatesVerifiedAt: '2026-03-03T12:00:00Z',
        },
      }),
    );
    expect(
      within(card).getByText(/^Project template confirmed by Procore on 30 projects \(oldest /),
    ).toBeInTheDocument();
    expect(within(card).getByText(/the SALUS account is a company admin/)).toBeInTheDocument();
    expect(
      within(card).getByText(/50 whose template Procore has not confirmed yet/),
    ).toBeInTheDocument();
  });

  test('while a fix runs, project access waits for it instead of checking', () => {
    const card = renderCard(
      'project-access',
      buildStep('project-access', {
        state: 'cannot-check',
        reason: { code: 'run-in-progress' },
        details: null,
      }),
    );
    expect(
      within(card).getByText(
        'A fix of the SALUS account has not finished yet: projects are checked again once it ends.',
      ),
    ).toBeInTheDocument();
  });

  test('checking: while the status loads, the card says so and shows no facts yet', () => {
    const card = renderCard('project-access', null, true);
    expect(within(card).getByText('Checking')).toBeInTheDocument();
    expect(within(card).queryByRole('list')).not.toBeInTheDocument();
  });

  test("can't check: the pill and the reason", () => {
    const card = renderCard(
      'connection-test',
      buildStep('connection-test', {
        state: 'cannot-check',
        reason: {
          code: 'procore-error',
          procore: { status: 503, message: 'Service Unavailable' },
        },
        details: null,
      }),
    );
    expect(within(card).getByText("Can't check")).toBeInTheDocument();
    expect(within(card).getByText('Procore answered 503: Service Unavailable')).toBeInTheDocument();
  });

  test('the reason and where the setting lives in Procore, linked in a new tab', () => {
    const card = renderCard(
      'company-template',
      buildStep('company-template', {
        state: 'needs-attention',
        reason: {
          code: 'wrong-template',
          current: otherTemplate.name,
          required: 'SALUS Integration Account',
        },
        details: { current: otherTemplate },
        procore: {
          path: ['Company Tools', 'Directory', 'salus-integration-1a2b3c4d'],
          url: 'https://app.procore.example/4207/company/directory',
        },
      }),
    );
    // The code and its parameters, worded in the page's language.
    expect(
      within(card).getByText(
        'The SALUS account’s company template is “Standard Employee”; it must be “SALUS Integration Account”.',
      ),
    ).toBeInTheDocument();
    const link = within(card).getByRole('link', {
      name: /In Procore: Company Tools → Directory → salus-integration-1a2b3c4d/,
    });
    expect(link).toHaveAttribute('href', 'https://app.procore.example/4207/company/directory');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAccessibleName(/opens in a new tab/);
  });

  test('the Procore path without a link when the server has no URL for it', () => {
    const card = renderCard(
      'new-projects',
      buildStep('new-projects', {
        state: 'needs-attention',
        procore: { path: ['Company Tools', 'Directory'], url: null },
        details: { addToNewProjects: null },
      }),
    );
    expect(within(card).getByText('In Procore: Company Tools → Directory')).toBeInTheDocument();
    expect(within(card).queryByRole('link')).not.toBeInTheDocument();
    expect(within(card).getByText('Add to new projects: unknown → on')).toBeInTheDocument();
  });
});
