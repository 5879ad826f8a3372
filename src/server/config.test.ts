import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_FRAME_ANCESTORS, loadConfig, startupWarnings } from './config.ts';

const demo = {
  clientId: 'demo-client',
  clientSecret: 'demo-secret',
  procoreUrl: 'http://127.0.0.1:4010',
  frameAncestors: ['http://localhost:4010'],
};

const SUPPORT_SIGN_IN = {
  SUPPORT_OIDC_ISSUER: 'https://id.salus.example',
  SUPPORT_OIDC_CLIENT_ID: 'salus-setup-support',
  SUPPORT_OIDC_CLIENT_SECRET: 'a-client-secret',
  SUPPORT_ALLOWED_DOMAIN: 'salus.example',
};

describe('configuration from the environment', () => {
  it('runs in demo mode against the fake Procore when PROCORE_CLIENT_ID is unset', () => {
    const config = loadConfig({}, demo);
    expect(config).toMatchObject({
      mode: 'demo',
      clientId: 'demo-client',
      loginUrl: 'http://127.0.0.1:4010',
      apiUrl: 'http://127.0.0.1:4010',
      host: '127.0.0.1',
      port: 3000,
      appBaseUrl: 'http://127.0.0.1:3000',
      databaseUrl: null,
    });
    expect(config.frameAncestors).toEqual([...DEFAULT_FRAME_ANCESTORS, 'http://localhost:4010']);
    expect(config.salus).toEqual({
      companyTemplate: 'SALUS Integration Account',
      projectTemplate: 'SALUS Project Integration',
      accountPrefix: 'salus-integration-',
    });
  });

  it('reads TRUST_PROXY as Fastify does: the proxies to trust, or all', async () => {
    expect(loadConfig({}, demo).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }, demo).trustProxy).toBe(true);
    // The example deployment's: a client's own X-Forwarded-For entry is not its address.
    const compose = readFileSync(new URL('../../compose.yaml', import.meta.url), 'utf8');
    const TRUST_PROXY = /TRUST_PROXY: '([^']+)'/.exec(compose)![1];
    const trustProxy = loadConfig({ TRUST_PROXY }, demo).trustProxy;
    const app = Fastify({ trustProxy });
    app.get('/', async (request) => request.ip);
    const seen = await app.inject({
      url: '/',
      headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.20' },
    });
    expect(seen.body).toBe('198.51.100.20');
    await app.close();
  });

  it('names every missing variable in real mode', () => {
    expect(() => loadConfig({ PROCORE_CLIENT_ID: 'abc' })).toThrow(
      new ConfigError(
        'Missing required environment variables: PROCORE_CLIENT_SECRET, APP_BASE_URL, SESSION_SECRET',
      ),
    );
  });

  it('refuses to start the demo fake in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, demo)).toThrow(
      /refusing to start the demo/,
    );
  });

  it('uses Procore production hosts by default and FRAME_ANCESTORS replaces the host list', () => {
    const config = loadConfig({
      PROCORE_CLIENT_ID: 'abc',
      PROCORE_CLIENT_SECRET: 'secret',
      APP_BASE_URL: 'https://setup.example.com/',
      SESSION_SECRET: 'x'.repeat(32),
      FRAME_ANCESTORS: 'https://sandbox.procore.com  https://app.procore.com',
    });
    expect(config).toMatchObject({
      mode: 'real',
      loginUrl: 'https://login.procore.com',
      apiUrl: 'https://api.procore.com',
      appBaseUrl: 'https://setup.example.com',
      frameAncestors: ['https://sandbox.procore.com', 'https://app.procore.com'],
    });
  });

  it('rejects a short session secret or a malformed URL with a clear message', () => {
    const base = {
      PROCORE_CLIENT_ID: 'abc',
      PROCORE_CLIENT_SECRET: 's',
      APP_BASE_URL: 'https://a.example',
    };
    expect(() => loadConfig({ ...base, SESSION_SECRET: 'short' })).toThrow(
      /SESSION_SECRET must be at least 32/,
    );
    expect(() =>
      loadConfig({ ...base, SESSION_SECRET: 'x'.repeat(32), PROCORE_API_URL: 'not a url' }),
    ).toThrow(/PROCORE_API_URL/);
  });

  it('refuses, in real mode, http Procore or app URLs outside loopback and URLs with a path', () => {
    const base = {
      PROCORE_CLIENT_ID: 'abc',
      PROCORE_CLIENT_SECRET: 's',
      APP_BASE_URL: 'https://setup.example.com',
      SESSION_SECRET: 'x'.repeat(32),
    };
    const refused: Record<string, string>[] = [
      { PROCORE_LOGIN_URL: 'http://login.procore.com' },
      { PROCORE_API_URL: 'http://api.procore.com' },
      { PROCORE_API_URL: 'http://10.0.0.5:8080' },
      { APP_BASE_URL: 'http://setup.example.com' },
      { APP_BASE_URL: 'https://setup.example.com/salus' },
      { APP_BASE_URL: 'http://127.0.0.1:3000/app' },
      { APP_BASE_URL: 'https://setup.example.com/?x=1' },
      { PROCORE_API_URL: 'https://api.procore.com/rest' },
      { PROCORE_LOGIN_URL: 'https://user:pw@login.procore.com' },
    ];
    for (const env of refused) {
      expect(() => loadConfig({ ...base, ...env }), JSON.stringify(env)).toThrow(
        new RegExp(`Invalid environment: ${Object.keys(env)[0]} must be`),
      );
    }
    const allowed: Record<string, string>[] = [
      {},
      { APP_BASE_URL: 'https://setup.example.com/' },
      { PROCORE_LOGIN_URL: 'http://127.0.0.1:4010', PROCORE_API_URL: 'http://localhost:4010' },
      { APP_BASE_URL: 'http://[::1]:3000' },
    ];
    for (const env of allowed) {
      expect(loadConfig({ ...base, ...env }).mode, JSON.stringify(env)).toBe('real');
    }
  });

  it('warns at start-up in real mode when no support webhook is set, never in demo mode', () => {
    const real = {
      PROCORE_CLIENT_ID: 'abc',
      PROCORE_CLIENT_SECRET: 'secret',
      APP_BASE_URL: 'https://setup.example.com',
      SESSION_SECRET: 'x'.repeat(32),
    };
    expect(startupWarnings(loadConfig(real))).toEqual([
      expect.stringMatching(/^SUPPORT_WEBHOOK_URL is not set: .*sign-in .* is not set up either/),
    ]);
    expect(startupWarnings(loadConfig({ ...real, ...SUPPORT_SIGN_IN }))).toEqual([
      expect.stringMatching(/held, and shown only in the support view/),
    ]);
    expect(startupWarnings(loadConfig({ ...real, SUPPORT_TOKEN: 'support-token-123456' }))).toEqual(
      [
        expect.stringMatching(/held, and shown only in the support view/),
        expect.stringMatching(/^SUPPORT_TOKEN is set: the break-glass token/),
      ],
    );
    expect(
      startupWarnings(loadConfig({ ...real, SUPPORT_WEBHOOK_URL: 'https://hooks.example.com/x' })),
    ).toEqual([]);
    expect(startupWarnings(loadConfig({}, demo))).toEqual([]);
  });
});

describe('support sign-in settings', () => {
  const real = {
    PROCORE_CLIENT_ID: 'abc',
    PROCORE_CLIENT_SECRET: 'secret',
    APP_BASE_URL: 'https://setup.example.com',
    SESSION_SECRET: 'x'.repeat(32),
  };

  it('reads the issuer, the client and the allow-list, lower-cased', () => {
    const config = loadConfig({
      ...real,
      ...SUPPORT_SIGN_IN,
      SUPPORT_ALLOWED_EMAILS: 'Ana@Salus.example, bo@partner.example',
      SUPPORT_ALLOWED_DOMAIN: '@SALUS.example',
      SUPPORT_REQUIRED_GROUP: 'salus-support',
    });
    expect(config.supportSignIn).toEqual({
      issuer: 'https://id.salus.example',
      clientId: 'salus-setup-support',
      clientSecret: 'a-client-secret',
      allowedEmails: ['ana@salus.example', 'bo@partner.example'],
      allowedDomain: 'salus.example',
      requiredGroup: 'salus-support',
    });
    expect(config.supportToken).toBeNull();
    expect(config.supportWebhookLegacySignature).toBe(false);
  });

  it('is off unless set, and refuses half a configuration or an empty allow-list', () => {
    expect(loadConfig(real).supportSignIn).toBeNull();
    const { SUPPORT_OIDC_CLIENT_SECRET: _secret, ...half } = SUPPORT_SIGN_IN;
    expect(() => loadConfig({ ...real, ...half })).toThrow(/SUPPORT_OIDC_CLIENT_SECRET as well/);
    const { SUPPORT_ALLOWED_DOMAIN: _domain, ...nobody } = SUPPORT_SIGN_IN;
    expect(() => loadConfig({ ...real, ...nobody })).toThrow(
      /SUPPORT_ALLOWED_EMAILS or SUPPORT_ALLOWED_DOMAIN/,
    );
  });

  it('refuses a cleartext issuer in real mode outside loopback', () => {
    expect(() =>
      loadConfig({ ...real, ...SUPPORT_SIGN_IN, SUPPORT_OIDC_ISSUER: 'http://id.salus.example' }),
    ).toThrow(ConfigError);
    expect(
      loadConfig({ ...real, ...SUPPORT_SIGN_IN, SUPPORT_OIDC_ISSUER: 'http://127.0.0.1:4020' })
        .supportSignIn?.issuer,
    ).toBe('http://127.0.0.1:4020');
  });

  it('uses the demo identity provider in demo mode unless one is set', () => {
    const supportSignIn = {
      issuer: 'http://127.0.0.1:4020',
      clientId: 'demo-support',
      clientSecret: 'demo-support-secret',
      allowedEmails: ['support@salus.example'],
      allowedDomain: null,
      requiredGroup: null,
    };
    expect(loadConfig({}, { ...demo, supportSignIn }).supportSignIn).toEqual(supportSignIn);
    expect(loadConfig(SUPPORT_SIGN_IN, { ...demo, supportSignIn }).supportSignIn?.issuer).toBe(
      'https://id.salus.example',
    );
  });

  it('sends the old body-only signature too only with SUPPORT_WEBHOOK_LEGACY_SIGNATURE=1', () => {
    expect(loadConfig({}, demo).supportWebhookLegacySignature).toBe(false);
    expect(
      loadConfig({ SUPPORT_WEBHOOK_LEGACY_SIGNATURE: '1' }, demo).supportWebhookLegacySignature,
    ).toBe(true);
  });
});
