import {
  SALUS_REQUIREMENTS,
  meetsAccessLevel,
  missingAccess,
  normalizeAccessLevel,
  templateUserAccessLevels,
} from './salus-requirements.ts';

describe('SALUS requirements', () => {
  it('reads every spelling of an access level Procore may use', () => {
    expect(['readonly', 'read_only', 'Read Only', 'read-only'].map(normalizeAccessLevel)).toEqual(
      Array(4).fill('read_only'),
    );
    expect(normalizeAccessLevel('Standard')).toBe('standard');
    expect(normalizeAccessLevel('Admin')).toBe('admin');
    expect(normalizeAccessLevel(null)).toBe('none');
    expect(normalizeAccessLevel('superuser')).toBeNull();
  });

  it('treats a higher level as meeting a lower requirement', () => {
    expect(meetsAccessLevel('Admin', 'standard')).toBe(true);
    expect(meetsAccessLevel('Standard', 'readonly')).toBe(true);
    expect(meetsAccessLevel('Read Only', 'standard')).toBe(false);
    expect(meetsAccessLevel(undefined, 'readonly')).toBe(false);
  });

  it('gives the template user_access_levels for the same tools', () => {
    expect(templateUserAccessLevels('company')).toEqual({ directory: 'read_only' });
    expect(Object.keys(templateUserAccessLevels('project'))).toEqual(
      Object.keys(SALUS_REQUIREMENTS.project),
    );
  });

  it('lists what a set of granted levels is missing, matching tool aliases', () => {
    expect(
      missingAccess(
        [
          { tool: 'Directory', level: 'Read Only' },
          { tool: 'daily_log', level: 'Admin' },
          { tool: 'observations', level: 'Read Only' },
          { tool: 'checklists', level: 'Standard' },
        ],
        'project',
      ),
    ).toEqual([
      { tool: 'observations', required: 'standard', actual: 'read_only' },
      { tool: 'incidents', required: 'standard', actual: null },
    ]);
  });
});
