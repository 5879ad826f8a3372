/**
 * The fake Procore's entities: what one simulated Procore region knows about companies, the
 * directory, permission templates, projects, app installations and OAuth clients.
 *
 * Field names are camelCase here; the serializers turn them into Procore's snake_case JSON. IDs
 * are decimal strings (procore-platform.md §1: they can exceed 2^53).
 */

export type Id = string;

/** Procore's four access levels (DOC:tutorials/tutorial_user_permissions.md). */
export type AccessLevel = 'none' | 'read_only' | 'standard' | 'admin';

export type TemplateType = 'company_tools' | 'global' | 'project_specific';

export interface FakeCompany {
  id: Id;
  name: string;
  isActive: boolean;
  /** `GET /rest/v1.0/company_base_url` answers with these. */
  zone: string;
  webBaseUrl: string;
  logoUrl: string | null;
  /** Free companies are hidden from `GET /companies` unless `include_free_companies`. */
  isFree: boolean;
}

/** A person (or service account) with a global user id. */
export interface FakeUser {
  id: Id;
  firstName: string | null;
  lastName: string;
  /** Also the login. */
  email: string;
  jobTitle: string | null;
  contactId: Id;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  /** DMSA users exist only in the directory; nobody signs in as them. */
  canSignIn: boolean;
}

/** A user's record in one company's directory. */
export interface FakeCompanyUser {
  companyId: Id;
  userId: Id;
  isActive: boolean;
  isEmployee: boolean;
  /** "Full company admin": sees every project (procore-platform.md §5.1). */
  companyAdmin: boolean;
  /** Company-level Directory tool access; `admin` may write permission fields (§3.2). */
  directory: AccessLevel;
  companyPermissionTemplateId: Id | null;
  defaultPermissionTemplateId: Id | null;
  addToNewProjects: boolean;
  vendor: { id: Id; name: string } | null;
  updatedAt: string;
}

export interface FakeTemplate {
  id: Id;
  companyId: Id;
  name: string;
  type: TemplateType;
  category: 'internal' | 'external';
  /** Set for `project_specific` templates only. */
  projectId: Id | null;
  /** Tool name → level, e.g. `{ directory: 'read_only', daily_log: 'standard' }`. */
  userAccessLevels: Record<string, AccessLevel>;
}

export interface FakeProject {
  id: Id;
  companyId: Id;
  name: string;
  projectNumber: string | null;
  active: boolean;
  stage: string;
  address: string | null;
  city: string | null;
  stateCode: string | null;
  zip: string | null;
  region: string | null;
  program: string | null;
  projectType: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FakeInstallation {
  id: Id;
  companyId: Id;
  /** Equals the OAuth client id of the app in this fake (UNCONFIRMED in Procore, §6.1). */
  appUid: string;
  developerAppId: Id;
  appName: string;
  internalName: string;
  status: 'installed' | 'uninstalled';
  installedAt: string;
  installerId: Id;
  uninstalledAt: string | null;
  uninstallerId: Id | null;
  semanticVersion: string;
  appVersionId: string;
  pendingOperationId: string | null;
  updatableAppVersionId: string | null;
  components: string[];
  /** The DMSA user the install created (null for apps without a data connection). */
  serviceAccountUserId: Id | null;
}

export interface FakeOAuthClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page. */
  name: string;
  /** Exact-match list (procore-platform.md §10: dynamic URIs are not supported). */
  redirectUris: string[];
}

/**
 * A company webhook hook (procore-platform.md §18): where Procore POSTs the events of its
 * triggers. Company scope only: the fake has no project hooks.
 */
export interface FakeHook {
  id: Id;
  companyId: Id;
  /** Lowercase letters, digits and dashes; one per app (Procore's webhooks guide). */
  namespace: string;
  /** The payload format; the fake speaks `v2` only. */
  apiVersion: string;
  destinationUrl: string;
  /** Sent with every delivery, e.g. `{ Authorization: 'Bearer …' }`. */
  destinationHeaders: Record<string, string>;
  ownedByUserId: Id;
}

export type WebhookEventType = 'create' | 'update' | 'delete';

/** A trigger of a hook: which resource and event type produce deliveries. */
export interface FakeTrigger {
  id: Id;
  hookId: Id;
  companyId: Id;
  resourceName: string;
  eventType: WebhookEventType;
  userId: Id;
}

/** One membership row: `templateId` null means "on the project without a template". */
export type MembershipRow = [projectId: Id, userId: Id, templateId: Id | null];
