import { describe, expect, it } from 'vitest';
import { createFakeProcore } from './fake.ts';
import { SALUS_CLIENT_ID } from './scenario-kit.ts';
import { buildManyCompanies } from './scenario-many.ts';

describe('many companies', () => {
  it('sets each company up completely for SALUS, with its own account, and one admin of all', () => {
    const data = buildManyCompanies({ companies: 4, activeProjects: 2 });
    const fake = createFakeProcore({ scenario: data });
    expect(data.companyIds).toHaveLength(4);
    const accounts = new Set<string>();
    for (const companyId of data.companyIds) {
      const account = fake.state.activeInstallation(
        companyId,
        SALUS_CLIENT_ID,
      )!.serviceAccountUserId!;
      accounts.add(account);
      const record = fake.companyUser(companyId, account)!;
      const name = (id: string | null) => (id ? fake.state.templates.get(id)?.name : null);
      expect(record.user.firstName).toMatch(/^salus-integration-[a-z0-9]{8}$/);
      expect(name(record.companyPermissionTemplateId)).toBe('SALUS Integration Account');
      expect(name(record.defaultPermissionTemplateId)).toBe('SALUS Project Integration');
      expect(record.addToNewProjects).toBe(true);
      const projects = fake.state.projectsOf(companyId);
      expect(projects).toHaveLength(2);
      expect(fake.missingProjects(companyId, account)).toEqual([]);
      for (const p of projects)
        expect(fake.membership(companyId, p.id, account)?.permissionTemplateName).toBe(
          'SALUS Project Integration',
        );
      expect(fake.companyUser(companyId, fake.facts.adminUserId)).toMatchObject({
        directory: 'admin',
        companyAdmin: true,
      });
    }
    expect(accounts.size).toBe(4);
    expect(fake.facts).toMatchObject({
      companyId: data.companyIds[0],
      activeProjects: 2,
      serviceAccountActiveProjects: 2,
    });
  });

  it('a project created later joins the account while its flag is on, and not once it is off', () => {
    const data = buildManyCompanies({ companies: 2, activeProjects: 1 });
    const fake = createFakeProcore({ scenario: data });
    const [a, b] = data.companyIds as [string, string];
    const accountB = fake.serviceAccountId(b)!;
    fake.state.patchCompanyUser(b, accountB, { addToNewProjects: false }, fake.uiOrigin('test'));
    const onA = fake.createProject(a, 'New A');
    const onB = fake.createProject(b, 'New B');
    expect(fake.membership(a, onA.id, fake.serviceAccountId(a)!)).toBeDefined();
    expect(fake.membership(b, onB.id, accountB)).toBeUndefined();
  });
});
