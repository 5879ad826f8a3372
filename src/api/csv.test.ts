import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('the CSV report', () => {
  it.each(['=HYPERLINK("http://evil.example")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'never lets %j become a formula',
    (name) => {
      expect(csvCell(name).replace(/^"/, '')).toMatch(/^'/);
    },
  );

  it('quotes commas, quotes and line breaks (RFC 4180) and keeps plain text as is', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 'say "hi"'],
          ['line\nbreak', 'plain'],
        ],
      ),
    ).toBe('a,b\r\n"x, y","say ""hi"""\r\n"line\nbreak",plain\r\n');
  });

  it('writes IDs beyond 2^53 exactly as given', () => {
    expect(csvCell('9007199254740993')).toBe('9007199254740993');
  });
});
