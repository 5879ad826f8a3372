/**
 * The Procore permissions SALUS needs: ONE versioned definition, used by `manifest.json`
 * (checked by test/manifest.test.ts), by template creation and by the connection test.
 *
 * An assumption to confirm with SALUS (DESIGN.md §5 "Permissions SALUS needs"): company level
 * Directory read-only; project level Directory read-only and standard access to Daily Log,
 * Observations, Inspections and Incidents. The app itself also needs Webhooks API: Standard to
 * keep the setup watched (issue #19): a manifest-only permission, see `manifestOnly`. Change it
 * here, bump `version`, and the manifest test fails until manifest.json says the same.
 */

/** Access levels as the App Manifest v4.1 writes them (procore-platform.md §11.1). */
export type ManifestAccessLevel = 'readonly' | 'standard';

export interface SalusRequirements {
  /** `YYYY-MM-<revision>`: bump on any change, so support can tell which set a customer has. */
  version: string;
  company: Readonly<Record<string, ManifestAccessLevel>>;
  project: Readonly<Record<string, ManifestAccessLevel>>;
  /**
   * Permissions the app's own token needs that are not tools of the SALUS account's work: they
   * go into the manifest only, never into the SALUS permission templates or the connection test.
   */
  manifestOnly: {
    company: Readonly<Record<string, ManifestAccessLevel>>;
  };
}

export const SALUS_REQUIREMENTS = {
  version: '2026-12-1',
  company: {
    directory: 'readonly',
  },
  project: {
    directory: 'readonly',
    daily_log: 'standard',
    observations: 'standard',
    inspections: 'standard',
    incidents: 'standard',
  },
  manifestOnly: {
    company: {
      // "Webhooks API: Standard" (DOC:plan_your_app/webhooks.md, procore-platform.md §18), for
      // the company hook that tells SALUS Setup about new projects and changes to its account.
      // The key Procore's manifest uses for it is UNCONFIRMED (docs/procore-sandbox.md).
      webhooks_api: 'standard',
    },
  },
} as const satisfies SalusRequirements;

/** The `permissions` block of the App Manifest, exactly: the tools plus the manifest-only ones. */
export function manifestPermissions(requirements: SalusRequirements = SALUS_REQUIREMENTS): {
  company: Record<string, ManifestAccessLevel>;
  project: Record<string, ManifestAccessLevel>;
} {
  return {
    company: { ...requirements.company, ...requirements.manifestOnly.company },
    project: { ...requirements.project },
  };
}

/**
 * Access levels as Procore's UI names them: None, Read Only, Standard, Admin
 * (DOC:tutorials/tutorial_user_permissions.md), lowest first.
 */
export type AccessLevel = 'none' | 'read_only' | 'standard' | 'admin';
const ORDER: readonly AccessLevel[] = ['none', 'read_only', 'standard', 'admin'];

/**
 * Reads an access level however Procore spells it: the manifest's 'readonly', a template's
 * user_access_levels value, or /settings/permissions' `user_access_level.name` ('Read Only').
 * The exact strings outside the manifest are UNCONFIRMED (procore-platform.md §17), so all
 * common spellings are accepted. Unknown strings give null.
 */
export function normalizeAccessLevel(value: string | null | undefined): AccessLevel | null {
  if (value == null) return 'none';
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (key === '' || key === 'none' || key === 'no_access') return 'none';
  if (key === 'readonly' || key === 'read_only' || key === 'read') return 'read_only';
  if (key === 'standard') return 'standard';
  if (key === 'admin' || key === 'administrator') return 'admin';
  return null;
}

/** True when `actual` grants at least `required` (Admin covers Standard covers Read Only). */
export function meetsAccessLevel(
  actual: string | null | undefined,
  required: ManifestAccessLevel | AccessLevel,
): boolean {
  const have = normalizeAccessLevel(actual);
  const need = normalizeAccessLevel(required);
  return have !== null && need !== null && ORDER.indexOf(have) >= ORDER.indexOf(need);
}

/**
 * Other names Procore may use for the same tool in templates and /settings/permissions.
 * UNCONFIRMED: Inspections grew out of the Checklists tool, whose old name may still appear.
 */
export const TOOL_NAME_ALIASES: Readonly<Record<string, readonly string[]>> = {
  inspections: ['checklists', 'checklist'],
  daily_log: ['daily_logs'],
};

/** The requirement a tool name refers to, matching case-insensitively and through aliases. */
export function requirementToolName(
  toolName: string,
  scope: 'company' | 'project',
  requirements: SalusRequirements = SALUS_REQUIREMENTS,
): string | null {
  const name = toolName
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  for (const tool of Object.keys(requirements[scope])) {
    if (tool === name || TOOL_NAME_ALIASES[tool]?.includes(name)) return tool;
  }
  return null;
}

/**
 * The `user_access_levels` map ({tool: level}) of a Procore permission template granting the
 * same access: `company` for the company template (`company_tools`), `project` for the project
 * template (`global`). UNCONFIRMED: the level strings templates accept; 'read_only' and
 * 'standard' are used, matching the names in Procore's UI.
 */
export function templateUserAccessLevels(
  scope: 'company' | 'project',
  requirements: SalusRequirements = SALUS_REQUIREMENTS,
): Record<string, AccessLevel> {
  return Object.fromEntries(
    Object.entries(requirements[scope]).map(([tool, level]) => [
      tool,
      normalizeAccessLevel(level)!,
    ]),
  );
}

/**
 * What is missing from a set of granted levels (a template's user_access_levels, or tools from
 * /settings/permissions), as `{ tool, required, actual }`. Empty means SALUS has what it needs.
 */
export function missingAccess(
  granted: ReadonlyArray<{ tool: string; level: string | null | undefined }>,
  scope: 'company' | 'project',
  requirements: SalusRequirements = SALUS_REQUIREMENTS,
): { tool: string; required: ManifestAccessLevel; actual: AccessLevel | null }[] {
  const actual = new Map<string, string | null | undefined>();
  for (const { tool, level } of granted) {
    const name = requirementToolName(tool, scope, requirements);
    if (name) actual.set(name, level);
  }
  return Object.entries(requirements[scope])
    .filter(([tool, required]) => !meetsAccessLevel(actual.get(tool), required))
    .map(([tool, required]) => ({
      tool,
      required,
      actual: actual.has(tool) ? normalizeAccessLevel(actual.get(tool)) : null,
    }));
}
