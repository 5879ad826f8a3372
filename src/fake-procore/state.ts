import { compareIds, idSequence } from './ids.ts';
import type { KnobsPatch } from './knobs.ts';
import type {
  AccessLevel,
  FakeCompany,
  FakeCompanyUser,
  FakeHook,
  FakeInstallation,
  FakeOAuthClient,
  FakeProject,
  FakeTemplate,
  FakeTrigger,
  FakeUser,
  Id,
  MembershipRow,
} from './model.ts';

/** Key numbers of a scenario, for tests and the demo index page. */
export interface ScenarioFacts {
  companyId: Id;
  companyName: string;
  secondCompanyId: Id | null;
  adminUserId: Id;
  adminLogin: string;
  nonAdminUserId: Id;
  nonAdminLogin: string;
  /** Who the consent page signs in by default. */
  signInUserId: Id;
  serviceAccountId: Id | null;
  serviceAccountLogin: string | null;
  salusCompanyTemplateId: Id | null;
  salusProjectTemplateId: Id | null;
  activeProjects: number;
  inactiveProjects: number;
  /** Active projects the service account is on (any template). */
  serviceAccountActiveProjects: number;
  /** Active directory users of the main company. */
  activeUsers: number;
}

/** Everything a named scenario seeds. */
export interface ScenarioData {
  name: string;
  description: string;
  companies: FakeCompany[];
  users: FakeUser[];
  companyUsers: FakeCompanyUser[];
  templates: FakeTemplate[];
  projects: FakeProject[];
  memberships: MembershipRow[];
  installations: FakeInstallation[];
  clients: FakeOAuthClient[];
  knobs?: KnobsPatch;
  facts: ScenarioFacts;
}

export type WriteKind =
  | 'membership.add'
  | 'membership.retemplate'
  | 'membership.remove'
  | 'user.patch'
  | 'template.create'
  | 'project.create'
  | 'installation.update';

/**
 * Who made a change: the request (or control action) and who acted. Webhook events carry the
 * acting user and, for a token issued to an app, that app (`metadata.source_application_id`).
 */
export interface WriteOrigin {
  /** `METHOD /path`, or `control: …` for the simulated Procore UI. */
  via: string;
  /** The acting user: the token's user, the app's service account, or the simulated admin. */
  userId: Id | null;
  /** The OAuth client the acting token was issued to; null for Procore's own UI. */
  clientId: string | null;
}

/** A bare string is a change nobody in particular made (scenario set-up, tests). */
export type Via = string | WriteOrigin;

/** One state change, with the values before and after. */
export interface WriteLogEntry {
  seq: number;
  time: number;
  kind: WriteKind;
  companyId: Id;
  projectId?: Id;
  userId?: Id;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The request that caused it, e.g. `POST /rest/v1.0/projects/1/users/2/actions/add`. */
  via: string;
  /** Who acted (see {@link WriteOrigin}); null when unknown. */
  actingUserId: Id | null;
  actingClientId: string | null;
}

export type CompanyUserChanges = Partial<
  Pick<
    FakeCompanyUser,
    'companyPermissionTemplateId' | 'defaultPermissionTemplateId' | 'addToNewProjects' | 'isActive'
  >
> &
  Partial<Pick<FakeUser, 'firstName' | 'lastName' | 'jobTitle'>>;

/**
 * The mutable world of one fake Procore. Reads are plain lookups; every mutation goes through a
 * method here so it lands in the write log exactly once.
 */
export class FakeState {
  readonly companies = new Map<Id, FakeCompany>();
  readonly users = new Map<Id, FakeUser>();
  /** companyId → userId → directory record. */
  readonly directory = new Map<Id, Map<Id, FakeCompanyUser>>();
  readonly templates = new Map<Id, FakeTemplate>();
  readonly projects = new Map<Id, FakeProject>();
  private readonly projectsByCompany = new Map<Id, FakeProject[]>();
  /** projectId → userId → project template id (null: no template). */
  readonly memberships = new Map<Id, Map<Id, Id | null>>();
  readonly installations = new Map<Id, FakeInstallation>();
  readonly clients = new Map<string, FakeOAuthClient>();
  /** Company webhook hooks and their triggers (not in the write log: they are not setup state). */
  readonly hooks = new Map<Id, FakeHook>();
  readonly triggers = new Map<Id, FakeTrigger>();
  readonly writes: WriteLogEntry[] = [];
  /** Told of every logged write, after it is applied (the webhook dispatcher listens). */
  onWrite: ((entry: WriteLogEntry) => void) | null = null;
  private readonly nextId: () => Id;

  constructor(
    data: ScenarioData,
    private readonly now: () => number,
  ) {
    for (const c of data.companies) this.companies.set(c.id, { ...c });
    for (const u of data.users) this.users.set(u.id, { ...u });
    for (const cu of data.companyUsers)
      this.companyDirectory(cu.companyId).set(cu.userId, { ...cu });
    for (const t of data.templates) this.templates.set(t.id, { ...t });
    for (const p of data.projects) this.insertProject({ ...p });
    for (const [projectId, userId, templateId] of data.memberships) {
      this.projectMembers(projectId).set(userId, templateId);
    }
    for (const i of data.installations) this.installations.set(i.id, { ...i });
    for (const c of data.clients)
      this.clients.set(c.clientId, { ...c, redirectUris: [...c.redirectUris] });
    let max = 0n;
    for (const map of [
      this.companies,
      this.users,
      this.templates,
      this.projects,
      this.installations,
    ]) {
      for (const id of map.keys()) if (BigInt(id) > max) max = BigInt(id);
    }
    this.nextId = idSequence(max + 1000n);
  }

  // ---- reads ----

  companyUser(companyId: Id, userId: Id): FakeCompanyUser | undefined {
    return this.directory.get(companyId)?.get(userId);
  }

  companyUsers(companyId: Id): FakeCompanyUser[] {
    return [...(this.directory.get(companyId)?.values() ?? [])];
  }

  /** Companies in which the user has a directory record (active or not). */
  companiesOf(userId: Id): FakeCompany[] {
    const out: FakeCompany[] = [];
    for (const [companyId, users] of this.directory) {
      const company = this.companies.get(companyId);
      if (company && users.has(userId)) out.push(company);
    }
    return out;
  }

  templatesOf(companyId: Id): FakeTemplate[] {
    return [...this.templates.values()].filter((t) => t.companyId === companyId);
  }

  /** Projects of a company in ID order. */
  projectsOf(companyId: Id): FakeProject[] {
    return this.projectsByCompany.get(companyId) ?? [];
  }

  membersOf(projectId: Id): Map<Id, Id | null> {
    return this.memberships.get(projectId) ?? new Map();
  }

  /** The template id of a membership; `undefined` when the user is not on the project. */
  membership(projectId: Id, userId: Id): Id | null | undefined {
    return this.memberships.get(projectId)?.get(userId);
  }

  installationsOf(companyId: Id): FakeInstallation[] {
    return [...this.installations.values()]
      .filter((i) => i.companyId === companyId)
      .sort((a, b) => compareIds(a.id, b.id));
  }

  /** The company's live installation of the app whose client id is `appUid`. */
  activeInstallation(companyId: Id, appUid: string): FakeInstallation | undefined {
    return this.installationsOf(companyId).find(
      (i) => i.appUid === appUid && i.status === 'installed',
    );
  }

  /** A template a project membership may use: global, or specific to that project. */
  isProjectTemplateFor(templateId: Id, projectId: Id): boolean {
    const t = this.templates.get(templateId);
    const p = this.projects.get(projectId);
    if (!t || !p || t.companyId !== p.companyId) return false;
    return t.type === 'global' || (t.type === 'project_specific' && t.projectId === projectId);
  }

  /** Project-level access of a member to a tool, from their project template. */
  projectAccess(projectId: Id, userId: Id, tool: string): AccessLevel {
    const templateId = this.membership(projectId, userId);
    if (templateId === undefined || templateId === null) return 'none';
    return this.templates.get(templateId)?.userAccessLevels[tool] ?? 'none';
  }

  // ---- writes ----

  addMember(projectId: Id, userId: Id, templateId: Id | null, via: Via): void {
    const project = this.mustProject(projectId);
    this.projectMembers(projectId).set(userId, templateId);
    this.log(
      'membership.add',
      project.companyId,
      via,
      null,
      { permissionTemplateId: templateId },
      {
        projectId,
        userId,
      },
    );
  }

  setMemberTemplate(projectId: Id, userId: Id, templateId: Id, via: Via): void {
    const project = this.mustProject(projectId);
    const before = this.membership(projectId, userId);
    if (before === undefined) throw new Error(`user ${userId} is not on project ${projectId}`);
    if (before === templateId) return;
    this.projectMembers(projectId).set(userId, templateId);
    this.log(
      'membership.retemplate',
      project.companyId,
      via,
      { permissionTemplateId: before },
      { permissionTemplateId: templateId },
      { projectId, userId },
    );
  }

  removeMember(projectId: Id, userId: Id, via: Via): void {
    const project = this.mustProject(projectId);
    const before = this.membership(projectId, userId);
    if (before === undefined) return;
    this.projectMembers(projectId).delete(userId);
    this.log('membership.remove', project.companyId, via, { permissionTemplateId: before }, null, {
      projectId,
      userId,
    });
  }

  /** Applies the changed fields only; logs one entry when anything changed. */
  patchCompanyUser(companyId: Id, userId: Id, changes: CompanyUserChanges, via: Via): void {
    const cu = this.companyUser(companyId, userId);
    const user = this.users.get(userId);
    if (!cu || !user) throw new Error(`user ${userId} is not in company ${companyId}`);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set = <T, K extends keyof T & string>(target: T, key: K, to: T[K] | undefined) => {
      if (to === undefined || target[key] === to) return;
      before[key] = target[key];
      after[key] = to;
      target[key] = to;
    };
    set(cu, 'companyPermissionTemplateId', changes.companyPermissionTemplateId);
    set(cu, 'defaultPermissionTemplateId', changes.defaultPermissionTemplateId);
    set(cu, 'addToNewProjects', changes.addToNewProjects);
    set(cu, 'isActive', changes.isActive);
    set(user, 'firstName', changes.firstName);
    set(user, 'lastName', changes.lastName);
    set(user, 'jobTitle', changes.jobTitle);
    if (Object.keys(after).length === 0) return;
    const stamp = new Date(this.now()).toISOString();
    cu.updatedAt = stamp;
    user.updatedAt = stamp;
    this.log('user.patch', companyId, via, before, after, { userId });
  }

  createTemplate(template: Omit<FakeTemplate, 'id'>, via: Via): FakeTemplate {
    const created: FakeTemplate = { ...template, id: this.nextId() };
    this.templates.set(created.id, created);
    this.log('template.create', created.companyId, via, null, {
      id: created.id,
      name: created.name,
    });
    return created;
  }

  /**
   * Creates a project the way Procore's UI would, adding every directory user who has
   * `add_to_new_projects` with their default project template (§6.2). Control-only: the
   * SALUS app never creates projects. `notJoining` lists users Procore does not add although
   * their setting says so: their setting was off at that moment, or was changed in the same
   * instant (the demo's "without the SALUS account").
   */
  createProject(
    companyId: Id,
    fields: Partial<FakeProject> & { name: string },
    via: Via,
    notJoining: readonly Id[] = [],
  ): FakeProject {
    const stamp = new Date(this.now()).toISOString();
    const project: FakeProject = {
      projectNumber: null,
      active: true,
      stage: 'Course of Construction',
      address: null,
      city: null,
      stateCode: null,
      zip: null,
      region: null,
      program: null,
      projectType: null,
      createdAt: stamp,
      updatedAt: stamp,
      ...fields,
      id: this.nextId(),
      companyId,
    };
    this.insertProject(project);
    this.log(
      'project.create',
      companyId,
      via,
      null,
      { id: project.id, name: project.name },
      {
        projectId: project.id,
      },
    );
    for (const cu of this.companyUsers(companyId)) {
      if (cu.isActive && cu.addToNewProjects && !notJoining.includes(cu.userId)) {
        this.addMember(project.id, cu.userId, cu.defaultPermissionTemplateId, via);
      }
    }
    return project;
  }

  setInstallationStatus(id: Id, status: FakeInstallation['status'], via: Via): void {
    const inst = this.installations.get(id);
    if (!inst || inst.status === status) return;
    const before = { status: inst.status };
    inst.status = status;
    if (status === 'uninstalled') inst.uninstalledAt = new Date(this.now()).toISOString();
    this.log('installation.update', inst.companyId, via, before, { status });
  }

  /** Changes an installation's version fields (an app update, its permission reapply). */
  updateInstallation(
    id: Id,
    changes: Partial<
      Pick<
        FakeInstallation,
        'appVersionId' | 'semanticVersion' | 'pendingOperationId' | 'updatableAppVersionId'
      >
    >,
    via: Via,
  ): void {
    const inst = this.installations.get(id);
    if (!inst) throw new Error(`no installation ${id}`);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes) as [keyof typeof changes, string | null][]) {
      if (value === undefined || inst[key] === value) continue;
      before[key] = inst[key];
      after[key] = value;
      (inst as unknown as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(after).length > 0) {
      this.log('installation.update', inst.companyId, via, before, after);
    }
  }

  // ---- webhooks (company hooks and triggers, procore-platform.md §18) ----

  hooksOf(companyId: Id): FakeHook[] {
    return [...this.hooks.values()]
      .filter((h) => h.companyId === companyId)
      .sort((a, b) => compareIds(a.id, b.id));
  }

  triggersOf(hookId: Id): FakeTrigger[] {
    return [...this.triggers.values()]
      .filter((t) => t.hookId === hookId)
      .sort((a, b) => compareIds(a.id, b.id));
  }

  createHook(hook: Omit<FakeHook, 'id'>): FakeHook {
    const created: FakeHook = { ...hook, id: this.nextId() };
    this.hooks.set(created.id, created);
    return created;
  }

  /** Deleting a hook deletes its triggers. */
  deleteHook(id: Id): void {
    this.hooks.delete(id);
    for (const t of this.triggersOf(id)) this.triggers.delete(t.id);
  }

  createTrigger(trigger: Omit<FakeTrigger, 'id'>): FakeTrigger {
    const created: FakeTrigger = { ...trigger, id: this.nextId() };
    this.triggers.set(created.id, created);
    return created;
  }

  // ---- internals ----

  private companyDirectory(companyId: Id): Map<Id, FakeCompanyUser> {
    let users = this.directory.get(companyId);
    if (!users) this.directory.set(companyId, (users = new Map()));
    return users;
  }

  private projectMembers(projectId: Id): Map<Id, Id | null> {
    let members = this.memberships.get(projectId);
    if (!members) this.memberships.set(projectId, (members = new Map()));
    return members;
  }

  private insertProject(project: FakeProject): void {
    this.projects.set(project.id, project);
    let list = this.projectsByCompany.get(project.companyId);
    if (!list) this.projectsByCompany.set(project.companyId, (list = []));
    list.push(project);
    if (list.length > 1 && compareIds(list[list.length - 2]!.id, project.id) > 0) {
      list.sort((a, b) => compareIds(a.id, b.id));
    }
  }

  private mustProject(projectId: Id): FakeProject {
    const project = this.projects.get(projectId);
    if (!project) throw new Error(`no project ${projectId}`);
    return project;
  }

  private log(
    kind: WriteKind,
    companyId: Id,
    via: Via,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    where: { projectId?: Id; userId?: Id } = {},
  ): void {
    const origin = typeof via === 'string' ? { via, userId: null, clientId: null } : via;
    const entry: WriteLogEntry = {
      seq: this.writes.length + 1,
      time: this.now(),
      kind,
      companyId,
      ...where,
      before,
      after,
      via: origin.via,
      actingUserId: origin.userId,
      actingClientId: origin.clientId,
    };
    this.writes.push(entry);
    this.onWrite?.(entry);
  }
}
