import { WorldBuilder } from './scenario-kit.ts';
import type { Id } from './model.ts';
import type { ScenarioData } from './state.ts';

export interface ManyCompaniesOptions {
  /** How many companies, each with SALUS installed and set up (default 50). */
  companies?: number;
  /** Active projects per company, the SALUS account on each with its template (default 3). */
  activeProjects?: number;
}

/**
 * Many small companies, each set up completely for SALUS (both templates, added to new
 * projects, on every active project with the SALUS project template), and one admin who is a
 * Directory admin of all of them: for measuring what keeping many companies set up costs (the
 * watch's events and daily checks, `npm run bench`). Not a demo scenario: a builder the bench
 * passes to the fake as data. The facts describe the first company.
 */
export function buildManyCompanies(o: ManyCompaniesOptions = {}): ScenarioData & {
  companyIds: Id[];
} {
  const count = o.companies ?? 50;
  const projects = o.activeProjects ?? 3;
  const b = new WorldBuilder('4400000', 101);
  const companyIds: Id[] = [];
  let admin: ReturnType<WorldBuilder['person']> | null = null;
  let nonAdmin: ReturnType<WorldBuilder['person']> | null = null;
  let first: {
    company: { id: Id; name: string };
    account: { id: Id; email: string };
    companyTemplateId: Id;
    projectTemplateId: Id;
  } | null = null;
  for (let i = 0; i < count; i += 1) {
    const company = b.company(`Builder ${String(i + 1).padStart(4, '0')} Construction`);
    companyIds.push(company.id);
    const t = b.standardTemplates(company.id, true);
    if (!admin) {
      admin = b.person(company.id, {
        firstName: 'Alex',
        lastName: 'Morgan',
        email: 'alex.morgan@manybuilders.example',
        jobTitle: 'Operations Director',
        directory: 'admin',
        companyAdmin: true,
        companyTemplateId: t.companyAdmin!.id,
      });
      nonAdmin = b.person(company.id, {
        firstName: 'Riley',
        lastName: 'Chen',
        email: 'riley.chen@manybuilders.example',
        directory: 'read_only',
        companyTemplateId: t.standardEmployee!.id,
      });
    } else {
      b.join(company.id, admin.id, {
        directory: 'admin',
        companyAdmin: true,
        companyTemplateId: t.companyAdmin!.id,
      });
    }
    const { serviceAccount } = b.install(company.id, admin.id, {
      serviceAccountSlug: `salus-integration-${i.toString(36).padStart(8, '0')}`,
      serviceAccount: {
        companyTemplateId: t.salusCompany!.id,
        defaultTemplateId: t.salusProject!.id,
        addToNewProjects: true,
      },
    });
    for (const project of b.manyProjects(company.id, projects, true))
      b.member(project.id, serviceAccount!.id, t.salusProject!.id);
    first ??= {
      company,
      account: serviceAccount!,
      companyTemplateId: t.salusCompany!.id,
      projectTemplateId: t.salusProject!.id,
    };
  }
  if (!first || !admin || !nonAdmin) throw new Error('buildManyCompanies needs a company');
  const data = b.build('many-companies', `${count} companies, each set up for SALUS`, {
    companyId: first.company.id,
    companyName: first.company.name,
    secondCompanyId: companyIds[1] ?? null,
    adminUserId: admin.id,
    adminLogin: admin.email,
    nonAdminUserId: nonAdmin.id,
    nonAdminLogin: nonAdmin.email,
    signInUserId: admin.id,
    serviceAccountId: first.account.id,
    serviceAccountLogin: first.account.email,
    salusCompanyTemplateId: first.companyTemplateId,
    salusProjectTemplateId: first.projectTemplateId,
  });
  return { ...data, companyIds };
}
