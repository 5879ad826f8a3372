import type {
  AccountField,
  LedgerOutcome,
  ReportNote,
  ReportProject,
  RunReport,
} from '../api/contract.ts';
import type { Id } from '../procore/index.ts';
import type { FixPlan } from '../setup/plan.ts';
import type { UndoPlan } from '../setup/undo.ts';
import { runWork } from './run-manager.ts';
import type { AuditEntry, LedgerItem, Run, Store } from './store/index.ts';

/**
 * A run's report as data (contract.ts `RunReport`): every account field changed and every
 * project, with names wherever the run's plan knew them. The SPA words it in the reader's
 * language and makes the CSV; nothing here is a sentence.
 */

const ACCOUNT_FIELDS: readonly AccountField[] = [
  'company_permission_template_id',
  'default_permission_template_id',
  'add_to_new_projects',
];

/** Template names the plan knew, by id; and the names of those it created (ids known later). */
function templateNames(plan: FixPlan | UndoPlan, salusProjectTemplate: string) {
  const names = new Map<Id, string>();
  // The SALUS project template the fix gives (its name is the one the company's was found by).
  if ('projectTemplateId' in plan && plan.projectTemplateId)
    names.set(plan.projectTemplateId, salusProjectTemplate);
  for (const change of plan.userChanges) {
    if (typeof change.from === 'string' && change.fromName) names.set(change.from, change.fromName);
    if (typeof change.to === 'string' && change.toName) names.set(change.to, change.toName);
  }
  const created = 'createTemplates' in plan ? plan.createTemplates : [];
  return {
    name: (id: unknown, field?: string): string | null => {
      if (typeof id !== 'string') return null;
      const known = names.get(id);
      if (known) return known;
      // A template this fix created: its id appeared only during the run.
      const scope = field === 'company_permission_template_id' ? 'company_tools' : 'global';
      return created.find((t) => t.type === scope)?.name ?? null;
    },
  };
}

/** The ledger's code for how an item ended, as the report's note and Procore's own answer. */
function noteOf(item: LedgerItem): Pick<ReportProject, 'note' | 'procore'> {
  const code = item.code;
  if (code !== null && /^\d{3}$/.test(code))
    return { note: null, procore: { status: Number(code), message: item.message ?? '' } };
  const notes: Record<string, ReportNote> = {
    verified: 'verified',
    'not-visible': 'not-visible',
    'already-removed': 'already-removed',
    bulk: 'bulk',
    'no-result': 'no-result',
  };
  const note = code !== null ? (notes[code] ?? null) : null;
  // A failure's words are Procore's; a success's ("success") say nothing more than the outcome.
  const failed = item.outcome === 'failed' || item.outcome === 'already_member';
  return {
    note,
    procore: failed && item.message ? { status: null, message: item.message } : null,
  };
}

export function buildRunReport(input: {
  run: Run;
  /** The SALUS project template's name (config). */
  salusProjectTemplate: string;
  companyName: string;
  plan: FixPlan | UndoPlan;
  items: LedgerItem[];
  audit: AuditEntry[];
}): RunReport {
  const { run, plan, items, audit } = input;
  const names = templateNames(plan, input.salusProjectTemplate);
  // Made with the sign-in of whoever resumed the run, from then on.
  const byAt = (at: Date) =>
    run.resumedBy && at >= run.resumedBy.at ? run.resumedBy.name : run.startedBy.name;
  return {
    runId: run.id,
    kind: run.kind,
    origin: run.origin,
    companyName: input.companyName,
    startedAt: run.createdAt.toISOString(),
    account: plan.account ? { id: plan.account.id, name: plan.account.name } : null,
    accountChanges: audit.flatMap((entry) => {
      const field = ACCOUNT_FIELDS.find((f) => f === entry.field);
      if (!entry.target.startsWith('user:') || !field) return [];
      const value = (v: unknown) => (typeof v === 'string' || typeof v === 'boolean' ? v : null);
      return [
        {
          field,
          from: value(entry.oldValue),
          fromName: names.name(entry.oldValue, field),
          to: value(entry.newValue),
          toName: names.name(entry.newValue, field),
          by: entry.actor.name,
          at: entry.at.toISOString(),
        },
      ];
    }),
    projects: items.map((item) => {
      // A removal takes the template away; other outcomes report the template given.
      const given = !(['failed', 'skipped', 'pending', 'cancelled'] as LedgerOutcome[]).includes(
        item.outcome,
      );
      const before = item.action === 'remove' ? item.templateId : null;
      const after = item.action !== 'remove' && given ? item.templateId : null;
      return {
        id: item.projectId,
        name: item.projectName,
        action: item.action,
        outcome: item.outcome,
        ...noteOf(item),
        templateBefore: before === null ? null : { id: before, name: names.name(before) },
        templateAfter: after === null ? null : { id: after, name: names.name(after) },
        by: byAt(item.updatedAt),
        at: item.updatedAt.toISOString(),
      };
    }),
  };
}

/**
 * A run's report from the store: its whole ledger and its audit trail, for the company named as
 * the run recorded it, or `companyName` for a run recorded without one.
 */
export async function loadRunReport(
  store: Store,
  run: Run,
  names: { salusProjectTemplate: string; companyName: string },
): Promise<RunReport> {
  const [items, audit] = await Promise.all([
    store.ledger.page(run.id, { limit: 1_000_000 }),
    store.audit.listForRun(run.id),
  ]);
  const work = runWork(run);
  return buildRunReport({
    run,
    salusProjectTemplate: names.salusProjectTemplate,
    companyName: work.companyName || names.companyName,
    plan: work.plan,
    items: items.items,
    audit,
  });
}
