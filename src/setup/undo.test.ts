import { describe, expect, it } from 'vitest';
import { engineContext, memoryJournal, useFakeProcore } from '../../test/support/engine-harness.ts';
import type { AuditWrite } from './run.ts';
import { buildPlan } from './plan.ts';
import { executeRun } from './run.ts';
import { checkCompany } from './check.ts';
import { buildUndoPlan, executeUndo } from './undo.ts';

type Fake = ReturnType<typeof useFakeProcore>;

const accountFields = (fake: Fake) => {
  const cu = fake.companyUser(fake.facts.companyId, fake.facts.serviceAccountId!)!;
  return {
    company: cu.companyPermissionTemplateId,
    default: cu.defaultPermissionTemplateId,
    flag: cu.addToNewProjects,
  };
};

const membershipsOf = (fake: Fake) =>
  new Map(
    fake.state
      .projectsOf(fake.facts.companyId)
      .map((p) => [p.id, fake.state.membership(p.id, fake.facts.serviceAccountId!)] as const)
      .filter(([, template]) => template !== undefined),
  );

/** Fixes the company, then undoes the fix from its ledger and audit. */
async function fixThenUndo(fake: Fake) {
  const ctx = engineContext(fake);
  const check = await checkCompany(ctx);
  const plan = buildPlan(ctx, check.facts, check.steps);
  const fix = memoryJournal(plan);
  expect(await executeRun({ ctx, plan, journal: fix.journal })).toEqual({ status: 'finished' });
  const undo = buildUndoPlan({
    fixRunId: 'fix-1',
    companyId: plan.companyId,
    account: plan.account,
    accountId: plan.accountId,
    accountLastName: plan.accountLastName,
    added: [...fix.items.values()].filter((i) => i.outcome === 'added'),
    audit: fix.audit as AuditWrite[],
  });
  const ledger = memoryJournal({ ...plan, add: [], retemplate: [] });
  for (const p of undo.remove) {
    ledger.items.set(p.id, {
      projectId: p.id,
      projectName: p.name,
      action: 'remove',
      templateId: p.templateId,
      sentAt: null,
      outcome: 'pending',
    });
  }
  fake.clearLogs();
  const result = await executeUndo({ ctx, plan: undo, journal: ledger.journal });
  return { plan, fix, undo, ledger, result };
}

describe('undo a fix', () => {
  it('wrong-templates: puts the account back and removes only the memberships the fix added', async () => {
    const fake = useFakeProcore({
      scenario: 'wrong-templates',
      knobs: { addToNewProjectsOnRead: true },
    });
    const fieldsBefore = accountFields(fake);
    const membersBefore = membershipsOf(fake);
    const { plan, undo, ledger, result } = await fixThenUndo(fake);
    expect(plan.add.length).toBeGreaterThan(0);
    expect(plan.retemplate.length).toBeGreaterThan(0);
    expect(result).toEqual({ status: 'finished' });
    expect(undo.remove.map((p) => p.id).sort()).toEqual(plan.add.map((p) => p.id).sort());

    expect(accountFields(fake)).toEqual(fieldsBefore);
    // Re-templated memberships existed before the fix: they stay (with the SALUS template).
    expect([...membershipsOf(fake).keys()].sort()).toEqual([...membersBefore.keys()].sort());
    const removed = fake.writeLog.filter((w) => w.kind === 'membership.remove');
    expect(removed.map((w) => w.projectId).sort()).toEqual(plan.add.map((p) => p.id).sort());
    expect(ledger.outcomes()).toEqual({ removed: plan.add.length });
  });

  it('fresh-install: a template the account had none of is cleared, and an unknown flag is left alone', async () => {
    // Neither the directory nor the account's own record reports the flag (UNCONFIRMED, §18).
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { companyMe: 'without-flag' },
    });
    const fieldsBefore = accountFields(fake);
    const { undo, result } = await fixThenUndo(fake);
    expect(result).toEqual({ status: 'finished' });
    expect(undo.flagUnknown).toBe(true);
    expect(undo.userChanges.map((c) => c.field)).not.toContain('add_to_new_projects');
    expect(accountFields(fake)).toMatchObject({
      company: fieldsBefore.company,
      default: fieldsBefore.default,
    });
    expect(fake.missingProjects(fake.facts.companyId, fake.facts.serviceAccountId!)).toHaveLength(
      fake.facts.activeProjects,
    );
  });

  it('a membership already gone is skipped, and a lost answer is settled by reading', async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { addToNewProjectsOnRead: true },
    });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    const plan = buildPlan(ctx, check.facts, check.steps);
    const fix = memoryJournal(plan);
    expect(await executeRun({ ctx, plan, journal: fix.journal })).toEqual({ status: 'finished' });
    const added = [...fix.items.values()].filter((i) => i.outcome === 'added');
    const [gone, sent] = added;
    // Someone removed one membership by hand; another was removed by a write whose answer was lost.
    fake.state.removeMember(gone!.projectId, fake.facts.serviceAccountId!, 'test');
    fake.state.removeMember(sent!.projectId, fake.facts.serviceAccountId!, 'test');
    const undo = buildUndoPlan({
      fixRunId: 'fix-1',
      companyId: plan.companyId,
      account: plan.account,
      accountId: plan.accountId,
      accountLastName: plan.accountLastName,
      added,
      audit: fix.audit as AuditWrite[],
    });
    const ledger = memoryJournal({ ...plan, add: [], retemplate: [] });
    for (const p of undo.remove) {
      ledger.items.set(p.id, {
        projectId: p.id,
        projectName: p.name,
        action: 'remove',
        templateId: p.templateId,
        sentAt: p.id === sent!.projectId ? new Date() : null,
        outcome: 'pending',
      });
    }
    expect(await executeUndo({ ctx, plan: undo, journal: ledger.journal })).toEqual({
      status: 'finished',
    });
    expect(ledger.items.get(gone!.projectId)).toMatchObject({
      outcome: 'skipped',
      code: 'already-removed',
    });
    expect(ledger.items.get(sent!.projectId)).toMatchObject({
      outcome: 'removed',
      code: 'verified',
    });
    expect(fake.missingProjects(fake.facts.companyId, fake.facts.serviceAccountId!)).toHaveLength(
      fake.facts.activeProjects,
    );
    expect(accountFields(fake).flag).toBe(false);
  });
});
