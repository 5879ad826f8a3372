import type { StepId, StepResult } from '../api/contract.ts';
import type { SetupContext } from './context.ts';
import { requiredTemplates, type CompanyFacts } from './facts.ts';
import { inspectCompany } from './read-facts.ts';
import { procoreLinks } from './procore-links.ts';
import { COMPLETION_STEPS, STEPS, type StepInput } from './steps/index.ts';

export interface CompanyCheck {
  facts: CompanyFacts;
  steps: StepResult[];
  /** Steps 1–6 all complete: the company's side of the setup is done. */
  complete: boolean;
  /**
   * The viewer sees only some projects, and nothing they see contradicts a complete setup: the
   * last check by someone who sees every project decides (DESIGN.md §5: not who is looking).
   */
  limitedButConsistent: boolean;
  canFix: boolean;
  webBaseUrl: string | null;
}

/** Runs every check against live Procore data. A failed check is data, never an exception. */
export async function checkCompany(
  ctx: SetupContext,
  support: StepInput['support'] = { status: 'not-yet', at: null },
): Promise<CompanyCheck> {
  const facts = await inspectCompany(ctx);
  return evaluate(ctx, facts, support);
}

export function evaluate(
  ctx: SetupContext,
  facts: CompanyFacts,
  support: StepInput['support'],
): CompanyCheck {
  const webBaseUrl = facts.baseUrl.ok ? facts.baseUrl.value.web_base_url : null;
  const input: StepInput = {
    ctx,
    facts,
    support,
    links: procoreLinks(webBaseUrl, ctx.companyId),
    templates: requiredTemplates(facts, ctx),
  };
  const steps = STEPS.map((step) => step.check(input));
  const state = (id: StepId) => steps.find((s) => s.id === id)?.state;
  const limited = (id: StepId) => steps.find((s) => s.id === id)?.reason?.code === 'limited-view';
  return {
    facts,
    steps,
    complete: COMPLETION_STEPS.every((id) => state(id) === 'complete'),
    limitedButConsistent:
      COMPLETION_STEPS.every((id) => state(id) === 'complete' || limited(id)) &&
      COMPLETION_STEPS.some(limited),
    canFix: state('admin') === 'complete',
    webBaseUrl,
  };
}
