import { addCast, facts } from './scenario-cast.ts';
import { FIRST_NAMES, LAST_NAMES, WorldBuilder } from './scenario-kit.ts';
import { SCENARIO_DESCRIPTIONS, type ScenarioOverrides } from './scenario-names.ts';
import type { ScenarioData } from './state.ts';

/**
 * `enterprise`: IDs above 2^53; 5,000 active and 300 inactive projects, 20,000 directory users.
 * Service account: both templates set, add_to_new_projects false, on 3,000 active projects
 * (i % 5 < 3) with the SALUS template.
 */
export function buildEnterprise(o: ScenarioOverrides = {}): ScenarioData {
  const b = new WorldBuilder('9007199254800001', 99);
  const company = b.company('Enterprise Megabuild Corp');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'megabuild.example', t);
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-e7t3rpr1',
    serviceAccount: {
      companyTemplateId: t.salusCompany!.id,
      defaultTemplateId: t.salusProject!.id,
    },
  });
  const total = 20_000 - b.users.length;
  const people: string[] = [];
  for (let i = 0; i < total; i += 1) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
    const user = b.person(company.id, {
      firstName: first,
      lastName: last,
      email: `${first}.${last}.${i}@megabuild.example`.toLowerCase(),
      jobTitle: 'Field Engineer',
      vendor: cast.vendor,
      companyTemplateId: t.standardEmployee!.id,
    });
    people.push(user.id);
  }
  const active = b.manyProjects(company.id, o.activeProjects ?? 5000, true);
  b.manyProjects(company.id, o.inactiveProjects ?? 300, false);
  active.forEach((p, i) => {
    b.member(p.id, people[(i * 2) % people.length]!, t.projectManager!.id);
    b.member(p.id, people[(i * 2 + 1) % people.length]!, t.superintendent!.id);
    if (i % 5 < 3) b.member(p.id, serviceAccount!.id, t.salusProject!.id);
  });
  active.slice(0, 10).forEach((p) => b.member(p.id, cast.nonAdmin.id, t.readOnly!.id));
  return b.build(
    'enterprise',
    SCENARIO_DESCRIPTIONS.enterprise,
    facts(cast, company, t, serviceAccount, null),
    o.knobs,
  );
}
