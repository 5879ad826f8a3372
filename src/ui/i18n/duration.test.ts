import { beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, loadLocale, setLocale } from './t.ts';

beforeAll(() => Promise.all([loadLocale('es'), loadLocale('fr')]));

describe('durations as the review and the progress say them', () => {
  it('reads a run across the hour in hours and minutes, in each language', () => {
    setLocale('en');
    expect(formatDuration(45)).toBe('45 seconds');
    expect(formatDuration(8 * 60 - 20)).toBe('8 minutes');
    expect(formatDuration(85 * 60)).toBe('1 h 25 min');
    expect(formatDuration(2 * 3600)).toBe('2 hours');
    setLocale('fr');
    expect(formatDuration(85 * 60)).toBe('1 h 25 min');
    expect(formatDuration(3600)).toBe('1 heure');
    setLocale('es');
    expect(formatDuration(3 * 3600 + 60)).toBe('3 h 1 min');
    setLocale('en');
  });
});
