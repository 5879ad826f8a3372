import { z } from 'zod';
import { STEP_IDS } from '../api/contract.ts';
import type { FixPlan } from './plan.ts';
import type { UndoPlan } from './undo.ts';

/**
 * The plans a run executes, checked when read back from the store: a run record is data from
 * an earlier version or another instance, never trusted by a cast.
 */

const id = z.string();
/** `AccountSummary` (contract.ts). */
export const accountSummarySchema = z.object({
  id,
  name: z.string(),
  email: z.string().nullable(),
  createdAt: z.string().nullable(),
});
const account = accountSummarySchema.nullable();
/** `PlannedFieldChange` (contract.ts). */
export const fieldChangeSchema = z.object({
  field: z.enum([
    'company_permission_template_id',
    'default_permission_template_id',
    'add_to_new_projects',
  ]),
  from: z.union([z.string(), z.boolean()]).nullable(),
  to: z.union([z.string(), z.boolean()]).nullable(),
  fromName: z.string().nullable().optional(),
  toName: z.string().nullable().optional(),
});
const project = z.object({ id, name: z.string(), projectNumber: z.string().nullable() });

export const fixPlanSchema = z.object({
  companyId: id,
  createdAt: z.string(),
  account,
  accountId: id.nullable(),
  accountLastName: z.string().nullable(),
  createTemplates: z.array(
    z.object({
      name: z.string(),
      type: z.enum(['company_tools', 'global']),
      user_access_levels: z.record(z.string(), z.string()),
      version: z.string(),
    }),
  ),
  userChanges: z.array(fieldChangeSchema),
  projectTemplateId: id.nullable(),
  add: z.array(project),
  retemplate: z.array(project),
  bulk: z.boolean(),
  blockedBy: z.object({ step: z.enum(STEP_IDS) }).nullable(),
  requests: z.number(),
  recheck: z.number(),
  estimatedSeconds: z.number(),
  budget: z.object({
    hourlyLimit: z.number(),
    hourlyAssumed: z.boolean(),
    crossesHour: z.boolean(),
  }),
}) satisfies z.ZodType<FixPlan>;

export const undoPlanSchema = z.object({
  kind: z.literal('undo'),
  companyId: id,
  createdAt: z.string(),
  fixRunId: z.string(),
  account,
  accountId: id.nullable(),
  accountLastName: z.string().nullable(),
  userChanges: z.array(fieldChangeSchema),
  flagUnknown: z.boolean(),
  remove: z.array(project.extend({ templateId: id.nullable() })),
  requests: z.number(),
  estimatedSeconds: z.number(),
}) satisfies z.ZodType<UndoPlan>;
