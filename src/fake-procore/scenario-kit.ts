import { idSequence, seededRandom } from './ids.ts';
import type { KnobsPatch } from './knobs.ts';
import type {
  AccessLevel,
  FakeCompany,
  FakeCompanyUser,
  FakeInstallation,
  FakeOAuthClient,
  FakeProject,
  FakeTemplate,
  FakeUser,
  Id,
  MembershipRow,
  TemplateType,
} from './model.ts';
import type { ScenarioData, ScenarioFacts } from './state.ts';

/** The SALUS app's OAuth client in every scenario (64-hex, like Procore's samples, §6.1). */
export const SALUS_CLIENT_ID = '5a1e5c0de0a7e57c1d0f4a6b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d';
export const SALUS_CLIENT_SECRET =
  '5ec2e7f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c';
export const SALUS_APP_NAME = 'SALUS Integration';
/** From the install instructions customers receive (DESIGN.md §1). */
export const SALUS_APP_VERSION_ID = '942ce720-c74e-4644-a15c-e4b09c5ee700';
export const SALUS_COMPANY_TEMPLATE = 'SALUS Integration Account';
export const SALUS_PROJECT_TEMPLATE = 'SALUS Project Integration';
/** `http://localhost` is pre-registered for every Procore app (§10). */
export const DEFAULT_REDIRECT_URIS = [
  'http://localhost',
  'http://localhost:3000/auth/callback',
  'http://127.0.0.1:3000/auth/callback',
];

const OTHER_CLIENT_ID = '0be7a11c0ffee00d15ea5e5ba5eba11c0de0f00d0badcafe0ddba11fee1dead0';

/** A second app installed next to SALUS, so installation matching is exercised. */
export function otherClient(): FakeOAuthClient {
  return {
    clientId: OTHER_CLIENT_ID,
    clientSecret: 'other-app-secret',
    name: 'Acme Timesheets',
    redirectUris: ['http://localhost'],
  };
}

export function salusClient(extraRedirectUris: string[] = []): FakeOAuthClient {
  return {
    clientId: SALUS_CLIENT_ID,
    clientSecret: SALUS_CLIENT_SECRET,
    name: SALUS_APP_NAME,
    redirectUris: [...DEFAULT_REDIRECT_URIS, ...extraRedirectUris],
  };
}

/** Scenario data is dated from here, so it is the same on every build. */
const EPOCH = Date.UTC(2024, 0, 15, 9, 0, 0);
export const isoDaysAfterEpoch = (days: number) =>
  new Date(EPOCH + days * 86_400_000).toISOString();

const ALL_TOOLS = [
  'directory',
  'daily_log',
  'observations',
  'inspections',
  'incidents',
  'documents',
];

function levels(level: AccessLevel, overrides: Record<string, AccessLevel> = {}) {
  return { ...Object.fromEntries(ALL_TOOLS.map((t) => [t, level])), ...overrides };
}

/** The SALUS permissions (DESIGN.md §5): Directory read-only, four tools standard. */
export const SALUS_PROJECT_LEVELS: Record<string, AccessLevel> = {
  directory: 'read_only',
  daily_log: 'standard',
  observations: 'standard',
  inspections: 'standard',
  incidents: 'standard',
};

/** Directory access a DMSA gets from the app manifest at company level (DESIGN.md §5). */
export const MANIFEST_COMPANY_DIRECTORY: AccessLevel = 'read_only';

export interface PersonInput {
  firstName: string | null;
  lastName: string;
  email: string;
  jobTitle?: string | null;
  directory?: AccessLevel;
  companyAdmin?: boolean;
  isActive?: boolean;
  isEmployee?: boolean;
  canSignIn?: boolean;
  vendor?: { id: Id; name: string } | null;
  companyTemplateId?: Id | null;
  defaultTemplateId?: Id | null;
  addToNewProjects?: boolean;
}

export type StandardTemplates = Record<string, FakeTemplate>;

/**
 * Builds one scenario's world with a single ID sequence, so no user, project, template or company
 * shares an ID (a client that mixes them up fails loudly).
 */
export class WorldBuilder {
  readonly nextId: () => Id;
  readonly random: () => number;
  readonly companies: FakeCompany[] = [];
  readonly users: FakeUser[] = [];
  readonly companyUsers: FakeCompanyUser[] = [];
  readonly templates: FakeTemplate[] = [];
  readonly projects: FakeProject[] = [];
  readonly memberships: MembershipRow[] = [];
  readonly installations: FakeInstallation[] = [];

  constructor(idStart: string | bigint, seed = 1) {
    this.nextId = idSequence(idStart);
    this.random = seededRandom(seed);
  }

  company(name: string, overrides: Partial<FakeCompany> = {}): FakeCompany {
    const company: FakeCompany = {
      id: this.nextId(),
      name,
      isActive: true,
      zone: 'us02',
      webBaseUrl: 'https://us02.procore.com',
      logoUrl: null,
      isFree: false,
      ...overrides,
    };
    this.companies.push(company);
    return company;
  }

  person(companyId: Id, input: PersonInput): FakeUser {
    const id = this.nextId();
    const user: FakeUser = {
      id,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      jobTitle: input.jobTitle ?? null,
      contactId: this.nextId(),
      createdAt: isoDaysAfterEpoch(-300),
      updatedAt: isoDaysAfterEpoch(-30),
      lastLoginAt: input.canSignIn === false ? null : isoDaysAfterEpoch(-2),
      canSignIn: input.canSignIn ?? true,
    };
    this.users.push(user);
    this.join(companyId, id, input);
    return user;
  }

  /** Adds an existing (global) user to another company's directory. */
  join(companyId: Id, userId: Id, input: Partial<PersonInput> = {}): FakeCompanyUser {
    const record: FakeCompanyUser = {
      companyId,
      userId,
      isActive: input.isActive ?? true,
      isEmployee: input.isEmployee ?? true,
      companyAdmin: input.companyAdmin ?? false,
      directory: input.directory ?? 'read_only',
      companyPermissionTemplateId: input.companyTemplateId ?? null,
      defaultPermissionTemplateId: input.defaultTemplateId ?? null,
      addToNewProjects: input.addToNewProjects ?? false,
      vendor: input.vendor ?? null,
      updatedAt: isoDaysAfterEpoch(-30),
    };
    this.companyUsers.push(record);
    return record;
  }

  template(
    companyId: Id,
    name: string,
    type: TemplateType,
    userAccessLevels: Record<string, AccessLevel>,
    extra: { projectId?: Id; category?: 'internal' | 'external' } = {},
  ): FakeTemplate {
    const template: FakeTemplate = {
      id: this.nextId(),
      companyId,
      name,
      type,
      category: extra.category ?? 'internal',
      projectId: extra.projectId ?? null,
      userAccessLevels,
    };
    this.templates.push(template);
    return template;
  }

  /** The templates most companies have; the SALUS pair only when `salus` is set. */
  standardTemplates(companyId: Id, salus: boolean): StandardTemplates {
    const t = (
      name: string,
      type: TemplateType,
      l: Record<string, AccessLevel>,
      external = false,
    ) => this.template(companyId, name, type, l, { category: external ? 'external' : 'internal' });
    const out: StandardTemplates = {
      companyAdmin: t('Company Admin', 'company_tools', { admin: 'admin', directory: 'admin' }),
      standardEmployee: t('Standard Employee', 'company_tools', { directory: 'read_only' }),
      projectManager: t('Project Manager', 'global', levels('admin')),
      superintendent: t('Superintendent', 'global', levels('standard')),
      readOnly: t('Read Only', 'global', levels('read_only')),
      subcontractor: t('Subcontractor', 'global', levels('read_only', { directory: 'none' }), true),
    };
    if (salus) {
      out.salusCompany = t(SALUS_COMPANY_TEMPLATE, 'company_tools', { directory: 'read_only' });
      out.salusProject = t(SALUS_PROJECT_TEMPLATE, 'global', SALUS_PROJECT_LEVELS);
    }
    return out;
  }

  project(companyId: Id, name: string, overrides: Partial<FakeProject> = {}): FakeProject {
    const n = this.projects.length + 1;
    const project: FakeProject = {
      id: this.nextId(),
      companyId,
      name,
      projectNumber: `P-${String(n).padStart(4, '0')}`,
      active: true,
      stage: 'Course of Construction',
      address: `${100 + n} Main Street`,
      city: 'Austin',
      stateCode: 'TX',
      zip: '78701',
      region: 'Central',
      program: null,
      projectType: 'Commercial',
      createdAt: isoDaysAfterEpoch(-200 + (n % 150)),
      updatedAt: isoDaysAfterEpoch(-10),
      ...overrides,
    };
    this.projects.push(project);
    return project;
  }

  /** `count` projects with generated, stable names. */
  manyProjects(companyId: Id, count: number, active: boolean): FakeProject[] {
    const out: FakeProject[] = [];
    for (let i = 0; i < count; i += 1) {
      const n = this.projects.length + 1;
      out.push(
        this.project(companyId, projectName(n), {
          active,
          stage: active ? 'Course of Construction' : 'Closeout',
        }),
      );
    }
    return out;
  }

  member(projectId: Id, userId: Id, templateId: Id | null): void {
    this.memberships.push([projectId, userId, templateId]);
  }

  /** Installs an app; for SALUS this also creates its DMSA user (§6.2). */
  install(
    companyId: Id,
    installerId: Id,
    options: {
      client?: FakeOAuthClient;
      status?: 'installed' | 'uninstalled';
      serviceAccountSlug?: string | null;
      serviceAccount?: Partial<PersonInput>;
      pendingOperationId?: string | null;
    } = {},
  ): { installation: FakeInstallation; serviceAccount: FakeUser | null } {
    const client = options.client ?? salusClient();
    const slug = options.serviceAccountSlug ?? null;
    const serviceAccount = slug
      ? this.person(companyId, {
          firstName: slug,
          lastName: '',
          email: `${slug}@dmsa.procore.example`,
          jobTitle: null,
          directory: MANIFEST_COMPANY_DIRECTORY,
          isEmployee: false,
          canSignIn: false,
          ...options.serviceAccount,
        })
      : null;
    const isSalus = client.clientId === SALUS_CLIENT_ID;
    const status = options.status ?? 'installed';
    const installation: FakeInstallation = {
      id: this.nextId(),
      companyId,
      appUid: client.clientId,
      developerAppId: isSalus ? '8675309' : '8675400',
      appName: client.name,
      internalName: isSalus ? 'salus-integration' : 'acme-timesheets',
      status,
      installedAt: isoDaysAfterEpoch(-60),
      installerId,
      uninstalledAt: status === 'uninstalled' ? isoDaysAfterEpoch(-61) : null,
      uninstallerId: status === 'uninstalled' ? installerId : null,
      semanticVersion: isSalus ? '2.1.0' : '1.4.2',
      appVersionId: isSalus ? SALUS_APP_VERSION_ID : '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      pendingOperationId: options.pendingOperationId ?? null,
      updatableAppVersionId: null,
      components: isSalus ? ['oauth', 'fullscreen'] : ['oauth'],
      serviceAccountUserId: serviceAccount?.id ?? null,
    };
    this.installations.push(installation);
    return { installation, serviceAccount };
  }

  build(
    name: string,
    description: string,
    facts: Omit<
      ScenarioFacts,
      'activeProjects' | 'inactiveProjects' | 'serviceAccountActiveProjects' | 'activeUsers'
    >,
    knobs?: KnobsPatch,
  ): ScenarioData {
    const mine = this.projects.filter((p) => p.companyId === facts.companyId);
    const active = new Set(mine.filter((p) => p.active).map((p) => p.id));
    const sa = facts.serviceAccountId;
    return {
      name,
      description,
      companies: this.companies,
      users: this.users,
      companyUsers: this.companyUsers,
      templates: this.templates,
      projects: this.projects,
      memberships: this.memberships,
      installations: this.installations,
      clients: [salusClient(), otherClient()],
      ...(knobs ? { knobs } : {}),
      facts: {
        ...facts,
        activeProjects: active.size,
        inactiveProjects: mine.length - active.size,
        serviceAccountActiveProjects: this.memberships.filter(([p, u]) => u === sa && active.has(p))
          .length,
        activeUsers: this.companyUsers.filter(
          (cu) => cu.companyId === facts.companyId && cu.isActive,
        ).length,
      },
    };
  }
}

const PLACES = [
  'Harbor',
  'Cedar',
  'Summit',
  'Riverside',
  'Granite',
  'Maple',
  'Lakeshore',
  'Pioneer',
];
const KINDS = [
  'Tower',
  'Medical Center',
  'Warehouse',
  'School',
  'Parking Garage',
  'Lofts',
  'Depot',
];

export function projectName(n: number): string {
  const place = PLACES[n % PLACES.length]!;
  const kind = KINDS[Math.floor(n / PLACES.length) % KINDS.length]!;
  return `${place} ${kind} ${String(n).padStart(3, '0')}`;
}

export const FIRST_NAMES = [
  'Jordan',
  'Sam',
  'Taylor',
  'Casey',
  'Morgan',
  'Jamie',
  'Avery',
  'Quinn',
];
export const LAST_NAMES = [
  'Lee',
  'Patel',
  'Brooks',
  'Nguyen',
  'Diaz',
  'Fox',
  'Kim',
  'Okafor',
  'Reyes',
];
