import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  receiveSalusNotice,
  verifySalusSignature,
  type SeenNotices,
} from '../../docs/examples/verify-salus-signature.ts';
import {
  LEGACY_SIGNATURE_HEADER,
  SIGNATURE_HEADER,
  legacySignature,
  noticeBody,
  signNotice,
  signatureHeaders,
} from './notice-signature.ts';

/**
 * Notices are signed like Stripe's webhooks (issue 17, item 4), and the recipe the docs give a
 * receiver is the code this test runs: a notice verifies, and anything changed or stale fails.
 */

const SECRET = 'webhook-secret-for-signature-tests';
const AT = new Date('2027-01-15T10:00:00Z');
const T = AT.getTime() / 1000;

const drift = {
  id: 'a6c1f0de-2c53-4c39-9a5e-3c0c1a6b9f10',
  kind: 'salus.setup.drift',
  createdAt: new Date('2027-01-15T09:59:58Z'),
  payload: {
    type: 'salus.setup.drift',
    company: { id: '5', name: 'Acme' },
    step: 'project-access',
    code: 'projects-missing',
  },
};

function signed() {
  const body = noticeBody(drift);
  return { body, header: signNotice(body, SECRET, AT) };
}

describe('a notice’s body', () => {
  it('names itself: id, type and created_at, drift notices included', () => {
    expect(JSON.parse(noticeBody(drift))).toEqual({
      ...drift.payload,
      id: drift.id,
      type: 'salus.setup.drift',
      created_at: '2027-01-15T09:59:58.000Z',
    });
  });

  it('keeps the id, type and time a completion already carries', () => {
    const body = noticeBody({
      id: 'outbox-row',
      kind: 'salus.setup.completed',
      createdAt: AT,
      payload: { type: 'salus.setup.completed', id: 'completion-1', created_at: 'then' },
    });
    expect(JSON.parse(body)).toMatchObject({ id: 'completion-1', created_at: 'then' });
  });
});

describe('the signature header', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    expect(signed().header).toMatch(new RegExp(`^t=${T},v1=[0-9a-f]{64}$`));
  });

  it('sends the body-only signature too only when the legacy setting is on', () => {
    const body = noticeBody(drift);
    expect(signatureHeaders(body, { secret: SECRET, legacy: false, at: AT })).toEqual({
      [SIGNATURE_HEADER]: signNotice(body, SECRET, AT),
    });
    expect(signatureHeaders(body, { secret: SECRET, legacy: true, at: AT })).toEqual({
      [SIGNATURE_HEADER]: signNotice(body, SECRET, AT),
      [LEGACY_SIGNATURE_HEADER]: legacySignature(body, SECRET),
    });
    expect(legacySignature(body, SECRET)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureHeaders(body, { secret: null, legacy: true, at: AT })).toEqual({});
  });
});

describe('the documented verification recipe', () => {
  it('is the code in docs/architecture.md, word for word', () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const recipe = readFileSync(path.join(root, 'docs/examples/verify-salus-signature.ts'), 'utf8');
    const docs = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
    expect(docs).toContain(`\`\`\`ts\n${recipe}\`\`\``);
  });

  it('accepts a signed notice, within 5 minutes either way', () => {
    const { body, header } = signed();
    expect(verifySalusSignature(body, header, SECRET, T).id).toBe(drift.id);
    expect(verifySalusSignature(body, header, SECRET, T + 300).type).toBe('salus.setup.drift');
    expect(verifySalusSignature(body, header, SECRET, T - 300).created_at).toBeDefined();
  });

  it('refuses a stale notice: |now − t| above 5 minutes', () => {
    const { body, header } = signed();
    expect(() => verifySalusSignature(body, header, SECRET, T + 301)).toThrow(/stale/);
    expect(() => verifySalusSignature(body, header, SECRET, T - 301)).toThrow(/stale/);
  });

  it('refuses a changed body, t or id, and another secret', () => {
    const { body, header } = signed();
    const changedBody = body.replace('"Acme"', '"Acme Corp"');
    expect(() => verifySalusSignature(changedBody, header, SECRET, T)).toThrow(/wrong/);
    const changedId = body.replace(drift.id, '00000000-0000-4000-8000-000000000000');
    expect(changedId).not.toBe(body);
    expect(() => verifySalusSignature(changedId, header, SECRET, T)).toThrow(/wrong/);
    // A replay dressed up with a fresh t does not match the HMAC of the old one.
    const freshT = header.replace(`t=${T}`, `t=${T + 60}`);
    expect(() => verifySalusSignature(body, freshT, SECRET, T + 60)).toThrow(/wrong/);
    expect(() => verifySalusSignature(body, header, 'another-secret', T)).toThrow(/wrong/);
    expect(() => verifySalusSignature(body, undefined, SECRET, T)).toThrow(/no SALUS/);
    expect(() => verifySalusSignature(body, legacySignature(body, SECRET), SECRET, T)).toThrow(
      /no SALUS/,
    );
  });

  it('acts on each id once, remembering ids where the receiver keeps them', async () => {
    const body = noticeBody(drift);
    const header = signNotice(body, SECRET, new Date());
    // The receiver's table, as the test stands it in.
    const table = new Set<string>();
    const seen: SeenNotices = {
      async add(id) {
        if (table.has(id)) return false;
        table.add(id);
        return true;
      },
    };
    expect(await receiveSalusNotice(body, header, SECRET, seen)).toBe('accepted');
    expect(await receiveSalusNotice(body, header, SECRET, seen)).toBe('duplicate');
    expect([...table]).toEqual([drift.id]);
  });
});
