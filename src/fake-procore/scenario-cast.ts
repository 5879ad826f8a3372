import type { FakeCompany, FakeProject, FakeUser, Id } from './model.ts';
import {
  FIRST_NAMES,
  LAST_NAMES,
  type StandardTemplates,
  type WorldBuilder,
} from './scenario-kit.ts';

/** The people every scenario's main company has. */
export interface Cast {
  admin: FakeUser;
  nonAdmin: FakeUser;
  staff: FakeUser[];
  vendor: { id: Id; name: string };
  /** An inactive former DMSA user that matches the naming pattern. */
  formerServiceAccount: FakeUser;
}

const JOB_TITLES = ['Project Manager', 'Superintendent', 'Estimator', 'Safety Manager', 'Engineer'];

/**
 * Admin (Directory admin, full company admin), a non-admin (Directory read-only), staff, the
 * decoys a name search for "salus" also finds, and inactive users.
 */
export function addCast(
  b: WorldBuilder,
  company: FakeCompany,
  domain: string,
  t: StandardTemplates,
  staffCount = 8,
): Cast {
  const vendor = { id: b.nextId(), name: company.name };
  const admin = b.person(company.id, {
    firstName: 'Alex',
    lastName: 'Morgan',
    email: `alex.morgan@${domain}`,
    jobTitle: 'Operations Director',
    directory: 'admin',
    companyAdmin: true,
    vendor,
    companyTemplateId: t.companyAdmin!.id,
  });
  const nonAdmin = b.person(company.id, {
    firstName: 'Riley',
    lastName: 'Chen',
    email: `riley.chen@${domain}`,
    jobTitle: 'Project Engineer',
    directory: 'read_only',
    vendor,
    companyTemplateId: t.standardEmployee!.id,
  });
  const staff: FakeUser[] = [];
  for (let i = 0; i < staffCount; i += 1) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(i * 3) % LAST_NAMES.length]!;
    staff.push(
      b.person(company.id, {
        firstName: first,
        lastName: last,
        email: `${first}.${last}${i >= FIRST_NAMES.length ? i : ''}@${domain}`.toLowerCase(),
        jobTitle: JOB_TITLES[i % JOB_TITLES.length]!,
        directory: i % 3 === 0 ? 'standard' : 'read_only',
        vendor,
        companyTemplateId: t.standardEmployee!.id,
      }),
    );
  }
  // Decoys: near-miss names a prefix match must reject.
  b.person(company.id, {
    firstName: 'salus-integrations-old',
    lastName: '',
    email: `salus-integrations-old@${domain}`,
    jobTitle: 'Service Account',
    isEmployee: false,
    canSignIn: false,
  });
  b.person(company.id, {
    firstName: 'SALUS Integration (legacy)',
    lastName: 'salus-integration-co-us02',
    email: `salus-integration-co-us02@${domain}`,
    jobTitle: 'Service Account',
    isEmployee: false,
    canSignIn: false,
  });
  b.person(company.id, {
    firstName: 'Sally',
    lastName: 'Salusbury',
    email: `sally.salusbury@${domain}`,
    jobTitle: 'Accountant',
    vendor,
  });
  // Inactive users live only in /users/inactive.
  b.person(company.id, {
    firstName: 'Pat',
    lastName: 'Former',
    email: `pat.former@${domain}`,
    isActive: false,
    vendor,
  });
  const formerServiceAccount = b.person(company.id, {
    firstName: 'salus-integration-0ld4cc7x',
    lastName: '',
    email: 'salus-integration-0ld4cc7x@dmsa.procore.example',
    isActive: false,
    isEmployee: false,
    canSignIn: false,
  });
  return { admin, nonAdmin, staff, vendor, formerServiceAccount };
}

/**
 * Active and inactive projects with ordinary members: two staff per project, the non-admin
 * (read-only) on the first five active ones and the admin on the first two.
 */
export function addProjects(
  b: WorldBuilder,
  companyId: Id,
  activeCount: number,
  inactiveCount: number,
  cast: Cast,
  t: StandardTemplates,
): { active: FakeProject[]; inactive: FakeProject[] } {
  const active = b.manyProjects(companyId, activeCount, true);
  const inactive = b.manyProjects(companyId, inactiveCount, false);
  const n = cast.staff.length;
  [...active, ...inactive].forEach((p, i) => {
    if (n > 0) {
      b.member(p.id, cast.staff[i % n]!.id, t.projectManager!.id);
      if (n > 1) b.member(p.id, cast.staff[(i + 1) % n]!.id, t.superintendent!.id);
    }
  });
  active.slice(0, 5).forEach((p) => b.member(p.id, cast.nonAdmin.id, t.readOnly!.id));
  active.slice(0, 2).forEach((p) => b.member(p.id, cast.admin.id, t.projectManager!.id));
  return { active, inactive };
}

/**
 * A second company for multi-company tests: the admin is a (non-employee) Directory admin there,
 * and SALUS is installed with its own service account, configured as in `fresh-install`.
 */
export function addSecondCompany(b: WorldBuilder, admin: FakeUser, serviceAccountSlug: string) {
  const company = b.company('Summit Builders West', {
    zone: 'us01',
    webBaseUrl: 'https://app.procore.com',
  });
  const t = b.standardTemplates(company.id, true);
  b.join(company.id, admin.id, { directory: 'admin', companyAdmin: true, isEmployee: false });
  const lead = b.person(company.id, {
    firstName: 'Dana',
    lastName: 'West',
    email: 'dana.west@summitwest.example',
    jobTitle: 'Project Manager',
  });
  const projects = b.manyProjects(company.id, 5, true);
  projects.forEach((p) => b.member(p.id, lead.id, t.projectManager!.id));
  const { serviceAccount } = b.install(company.id, admin.id, { serviceAccountSlug });
  return { company, serviceAccount: serviceAccount!, templates: t };
}

/** The facts every scenario reports about its main company. */
export function facts(
  cast: Cast,
  company: { id: string; name: string },
  t: StandardTemplates,
  sa: FakeUser | null,
  secondCompanyId: string | null,
  signIn: FakeUser = cast.admin,
) {
  return {
    companyId: company.id,
    companyName: company.name,
    secondCompanyId,
    adminUserId: cast.admin.id,
    adminLogin: cast.admin.email,
    nonAdminUserId: cast.nonAdmin.id,
    nonAdminLogin: cast.nonAdmin.email,
    signInUserId: signIn.id,
    serviceAccountId: sa?.id ?? null,
    serviceAccountLogin: sa?.email ?? null,
    salusCompanyTemplateId: t.salusCompany?.id ?? null,
    salusProjectTemplateId: t.salusProject?.id ?? null,
  };
}
