/**
 * Procore's JSON views of the fake's entities, field for field as in shapes.json (2024 SDK
 * models plus the 2026 extract's additions). Null-valued fields that a schema types as
 * non-nullable are left out, as Procore does on several endpoints ("nulls omitted").
 */
import type {
  FakeCompany,
  FakeCompanyUser,
  FakeInstallation,
  FakeProject,
  FakeTemplate,
  FakeUser,
  Id,
} from './model.ts';
import type { FakeState } from './state.ts';

export function templateRef(t: FakeTemplate | undefined | null) {
  if (!t) return null;
  return { id: t.id, name: t.name, project_specific: t.type === 'project_specific', type: t.type };
}

export function templateJson(t: FakeTemplate, detail: boolean) {
  const base = { ...templateRef(t)!, category: t.category };
  if (!detail) return base;
  const permissions = Object.fromEntries(
    Object.entries(t.userAccessLevels).map(([tool, level]) => [
      tool,
      {
        read: level !== 'none',
        write: level === 'standard' || level === 'admin',
        admin: level === 'admin',
      },
    ]),
  );
  return {
    ...base,
    company_id: t.companyId,
    provider_type: t.projectId ? 'Project' : 'Company',
    provider_id: t.projectId ?? t.companyId,
    project_id: t.projectId,
    user_access_levels: t.userAccessLevels,
    permissions,
  };
}

function fullName(u: FakeUser): string {
  return [u.firstName, u.lastName].filter((s) => s && s.length > 0).join(' ');
}

function initials(u: FakeUser): string {
  return [u.firstName, u.lastName].map((s) => (s ? s[0]!.toUpperCase() : '')).join('');
}

/** Fields common to every company-user view. */
function userCore(u: FakeUser, cu: FakeCompanyUser) {
  return {
    id: u.id,
    name: fullName(u),
    first_name: u.firstName,
    last_name: u.lastName,
    initials: initials(u),
    email_address: u.email,
    is_active: cu.isActive,
    is_employee: cu.isEmployee,
    job_title: u.jobTitle,
    address: null,
    city: null,
    zip: null,
    state_code: null,
    country_code: 'US',
    business_phone: null,
    business_phone_extension: null,
    mobile_phone: null,
    fax_number: null,
    email_signature: null,
    employee_id: null,
    avatar: null,
    notes: null,
    business_id: null,
    contact_id: u.contactId,
    last_login_at: u.lastLoginAt,
    created_at: u.createdAt,
    updated_at: cu.updatedAt > u.updatedAt ? cu.updatedAt : u.updatedAt,
    work_classification_id: null,
  };
}

export interface CompanyUserViewOptions {
  /** `list` (index), `show`, or `write` (PATCH/POST responses, which always carry the flag). */
  view: 'list' | 'show' | 'write';
  extended?: boolean;
  addToNewProjects: boolean;
}

export function companyUserJson(state: FakeState, cu: FakeCompanyUser, o: CompanyUserViewOptions) {
  const u = state.users.get(cu.userId)!;
  const out: Record<string, unknown> = {
    ...userCore(u, cu),
    welcome_email_sent_at: u.canSignIn ? u.createdAt : null,
    erp_integrated_accountant: false,
    permission_template: templateRef(state.templates.get(cu.defaultPermissionTemplateId ?? '')),
    company_permission_template: templateRef(
      state.templates.get(cu.companyPermissionTemplateId ?? ''),
    ),
  };
  if (o.view === 'list') {
    out.vendor = cu.vendor;
    out.origin_id = null;
    out.origin_data = null;
    out.last_activated_at = cu.isActive ? u.createdAt : null;
  } else {
    // The show/PATCH schemas type vendor and origin_* as non-nullable: omitted when empty.
    if (cu.vendor) out.vendor = cu.vendor;
    out.is_insurance_manager = false;
    out.locale = 'en';
    out.default_permission_template_id = cu.defaultPermissionTemplateId;
    out.company_permission_template_id = cu.companyPermissionTemplateId;
  }
  if (o.extended || o.view !== 'list') {
    out.role = cu.companyAdmin ? 'Company Admin' : null;
    out.verified_employee = cu.isEmployee;
  }
  if (o.view === 'write' || o.addToNewProjects) out.add_to_new_projects = cu.addToNewProjects;
  return out;
}

/** `GET /projects/{id}/users`: compact, or normal with the project template. */
export function projectUserJson(
  state: FakeState,
  projectId: Id,
  cu: FakeCompanyUser,
  view: 'compact' | 'normal',
) {
  const u = state.users.get(cu.userId)!;
  const compact = {
    id: u.id,
    name: fullName(u),
    first_name: u.firstName,
    last_name: u.lastName,
    initials: initials(u),
    vendor: cu.vendor,
  };
  if (view === 'compact') return compact;
  const templateId = state.membership(projectId, cu.userId) ?? null;
  return {
    ...compact,
    email_address: u.email,
    is_active: cu.isActive,
    is_employee: cu.isEmployee,
    job_title: u.jobTitle,
    business_phone: null,
    mobile_phone: null,
    last_login_at: u.lastLoginAt,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    permission_template: templateRef(state.templates.get(templateId ?? '')),
    company_permission_template: templateRef(
      state.templates.get(cu.companyPermissionTemplateId ?? ''),
    ),
  };
}

/** The 201 of `actions/add`: a company user (2026 extract) plus the project template. */
export function addedUserJson(state: FakeState, projectId: Id, cu: FakeCompanyUser) {
  const u = state.users.get(cu.userId)!;
  const templateId = state.membership(projectId, cu.userId) ?? null;
  const body: Record<string, unknown> = {
    ...userCore(u, cu),
    is_insurance_manager: false,
    default_permission_template_id: cu.defaultPermissionTemplateId,
    company_permission_template_id: cu.companyPermissionTemplateId,
    permission_template: templateRef(state.templates.get(templateId ?? '')),
  };
  if (cu.vendor) body.vendor = cu.vendor;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
}

export function companyJson(c: FakeCompany, myCompany: boolean) {
  return {
    id: c.id,
    name: c.name,
    is_active: c.isActive,
    ...(c.logoUrl ? { logo_url: c.logoUrl } : {}),
    pcn_business_experience: false,
    my_company: myCompany,
  };
}

function projectCommon(p: FakeProject, company: FakeCompany) {
  return {
    id: p.id,
    name: p.name,
    display_name: p.projectNumber ? `${p.projectNumber} - ${p.name}` : p.name,
    project_number: p.projectNumber,
    active: p.active,
    address: p.address,
    city: p.city,
    state_code: p.stateCode,
    country_code: 'US',
    zip: p.zip,
    time_zone: 'US/Central',
    stage: p.stage,
    project_stage: { id: p.active ? '1001' : '1004', name: p.stage },
    company: { id: company.id, name: company.name },
    is_demo: false,
    origin_id: null,
    origin_data: null,
    origin_code: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** `GET /rest/v1.0/projects` item (Project1). */
export function projectJsonV10(p: FakeProject, company: FakeCompany) {
  return {
    ...projectCommon(p, company),
    county: null,
    latitude: null,
    longitude: null,
    phone: null,
    parent_job_id: null,
    owners_project_id: null,
    total_value: null,
    store_number: null,
    accounting_project_number: null,
    designated_market_area: null,
    project_region_id: null,
    project_bid_type_id: null,
    project_owner_type_id: null,
    photo_id: null,
    start_date: null,
    completion_date: null,
  };
}

/** `GET /rest/v1.1/projects` item in the `compact`, `normal` or `extended` view. */
export function projectJsonV11(p: FakeProject, company: FakeCompany, view: string) {
  if (view === 'compact') return { id: p.id, name: p.name };
  const normal = projectCommon(p, company);
  if (view !== 'extended') return normal;
  return { ...normal, program: p.program, project_type: p.projectType, tz_name: 'America/Chicago' };
}

function person(state: FakeState, userId: Id | null) {
  const u = userId ? state.users.get(userId) : undefined;
  if (!u) return undefined;
  return { id: u.id, login: u.email, name: fullName(u), is_active: true, company_name: null };
}

export function installationJson(state: FakeState, i: FakeInstallation, detail: boolean) {
  const developerApp = {
    id: i.developerAppId,
    uid: i.appUid,
    name: i.appName,
    internal_name: i.internalName,
    app_type: 'data_connector',
    connectable: true,
    internal: false,
    published_app_version_id: i.appVersionId,
    marketplace_app_url: `https://marketplace.procore.com/apps/${i.internalName}`,
    thumbnail_url: `https://marketplace.procore.com/apps/${i.internalName}/thumb.png`,
  };
  const out: Record<string, unknown> = {
    id: i.id,
    app_uid: i.appUid,
    components: i.components,
    agentic: false,
    developer_app: developerApp,
    installed_at: i.installedAt,
    installer: person(state, i.installerId),
    semantic_version: i.semanticVersion,
    status: i.status,
    pending_operation_id: i.pendingOperationId,
  };
  if (i.uninstalledAt) out.uninstalled_at = i.uninstalledAt;
  const uninstaller = person(state, i.uninstallerId);
  if (uninstaller) out.uninstaller = uninstaller;
  if (i.updatableAppVersionId) out.updatable_app_version_id = i.updatableAppVersionId;
  if (detail) {
    out.app_version_id = i.appVersionId;
    out.installed_by = state.users.get(i.installerId)?.email;
    out.manifest_url = `https://procore-manifests.example/${i.appVersionId}.json?X-Amz-Signature=fake`;
  }
  return out;
}
