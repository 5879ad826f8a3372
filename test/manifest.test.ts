import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  SALUS_REQUIREMENTS,
  manifestPermissions,
  missingAccess,
  templateUserAccessLevels,
} from '../src/setup/salus-requirements.ts';

/**
 * The Procore App Manifest v4.1 shape, from procore-platform.md §11.1 (the Developer Portal's
 * v4.1 screenshots): strict where that is clear, open where it is not.
 */
const link = z.strictObject({ url: z.url({ protocol: /^https$/ }), label: z.string().min(1) });
const userConfiguration = z.strictObject({
  schema: z.strictObject({
    type: z.literal('object'),
    required: z.array(z.string()).optional(),
    properties: z.record(
      z.string(),
      z.strictObject({
        name: z.string(),
        type: z.string(),
        description: z.string().optional(),
        support_link: link.optional(),
      }),
    ),
  }),
});
const sourceUrl = z.string().regex(/^https:\/\/[^\s]+$/, 'an https URL');
// Seen: readonly, standard. 'admin' is presumed (UNCONFIRMED); SALUS must never ask for it.
const level = z.enum(['readonly', 'standard', 'admin']);
const tools = z.record(z.string().regex(/^[a-z][a-z_]*$/), level);
const manifestSchema = z.strictObject({
  schema_version: z.literal('4.1'),
  app_manifest: z.strictObject({ id: z.string().min(1) }),
  post_installation_instruction: z
    .strictObject({ notes: z.string().min(1), page: link.optional() })
    .optional(),
  fullscreen: z
    .strictObject({
      uuid: z.string().min(1),
      source_url: sourceUrl,
      description: z.string().min(1),
      user_configuration: userConfiguration.optional(),
    })
    .optional(),
  sidepanel: z
    .strictObject({
      uuid: z.string().min(1),
      views: z.array(z.string()).min(1),
      source_url: sourceUrl,
      description: z.string().min(1),
      user_configuration: z.union([userConfiguration, z.strictObject({})]).optional(),
    })
    .optional(),
  permissions: z.strictObject({ company: tools.optional(), project: tools.optional() }),
});

const BUILT_IN_VARIABLES = [
  'procore.company.id',
  'procore.company.name',
  'procore.project.id',
  'procore.project.name',
];

const raw: unknown = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8'));

describe('manifest.json', () => {
  const manifest = manifestSchema.parse(raw);

  it('is a Procore App Manifest v4.1 with a fullscreen component', () => {
    expect(manifest.schema_version).toBe('4.1');
    expect(manifest.fullscreen).toBeDefined();
  });

  it('opens the app with the Procore company id in company_id', () => {
    const url = manifest.fullscreen!.source_url;
    expect(url).toContain('company_id={{procore.company.id}}');
    const declared = Object.keys(manifest.fullscreen!.user_configuration?.schema.properties ?? {});
    for (const [, variable] of url.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)) {
      expect([...BUILT_IN_VARIABLES, ...declared]).toContain(variable);
    }
    const opened = new URL(url.replaceAll('{{procore.company.id}}', '562949953421312'));
    expect(opened.protocol).toBe('https:');
    expect(opened.searchParams.get('company_id')).toBe('562949953421312');
  });

  it('asks for exactly the permissions SALUS needs, and no admin level', () => {
    expect(manifest.permissions).toEqual(manifestPermissions());
    expect(manifest.permissions).toEqual({
      company: { ...SALUS_REQUIREMENTS.company, ...SALUS_REQUIREMENTS.manifestOnly.company },
      project: SALUS_REQUIREMENTS.project,
    });
    const levels = [
      ...Object.values(manifest.permissions.company ?? {}),
      ...Object.values(manifest.permissions.project ?? {}),
    ];
    expect(levels).not.toContain('admin');
  });

  it('tells the admin where to find SALUS Setup after installing', () => {
    const instruction = manifest.post_installation_instruction!;
    expect(instruction.notes).toMatch(/SALUS Setup/);
    expect(instruction.notes).toMatch(/Company Tools → Apps → SALUS Setup/);
    expect(instruction.page).toMatchObject({ label: expect.stringMatching(/SALUS Setup/) });
  });

  it('says the origin is a placeholder that deployments replace', () => {
    const origin = new URL(manifest.fullscreen!.source_url.replace(/\{\{[^}]+\}\}/g, 'x')).origin;
    expect(manifest.fullscreen!.description).toContain(origin);
    expect(manifest.fullscreen!.description).toMatch(/placeholder/);
  });
});

describe('the webhooks permission', () => {
  it('is asked for in the manifest (Webhooks API: Standard), at company level', () => {
    expect(manifestSchema.parse(raw).permissions.company).toMatchObject({
      webhooks_api: 'standard',
    });
  });

  it('stays out of the SALUS templates and the connection test', () => {
    expect(templateUserAccessLevels('company')).toEqual({ directory: 'read_only' });
    expect(templateUserAccessLevels('project')).not.toHaveProperty('webhooks_api');
    // Granted levels without it miss nothing: the connection test does not ask for it.
    expect(missingAccess([{ tool: 'Directory', level: 'Read Only' }], 'company')).toEqual([]);
  });
});

describe('manifest schema', () => {
  it('rejects fields v4.1 removed and unknown access levels', () => {
    const valid = manifestSchema.parse(raw);
    expect(manifestSchema.safeParse({ ...valid, components: { iframe: {} } }).success).toBe(false);
    expect(
      manifestSchema.safeParse({ ...valid, permissions: { company: { directory: 'full' } } })
        .success,
    ).toBe(false);
    expect(
      manifestSchema.safeParse({
        ...valid,
        fullscreen: { ...valid.fullscreen, source_url: 'http://insecure.example/' },
      }).success,
    ).toBe(false);
  });
});
