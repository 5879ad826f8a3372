import { z } from 'zod';

/**
 * Server configuration from environment variables (documented in `.env.example` and the README).
 *
 * Without `PROCORE_CLIENT_ID` the server runs in demo mode against the embedded fake Procore; with
 * it, every variable real mode needs must be present, or start-up stops naming the missing ones.
 */

/** Procore's browser hosts that may frame the app (procore-platform.md §11.4). */
export const DEFAULT_FRAME_ANCESTORS = [
  'https://app.procore.com',
  'https://us02.procore.com',
  'https://uk01.procore.com',
  'https://sandbox.procore.com',
];

export interface SalusNames {
  companyTemplate: string;
  projectTemplate: string;
  accountPrefix: string;
}

/**
 * Personal sign-in for SALUS support staff (OpenID Connect, authorization code + PKCE) and who
 * may sign in: a verified email on the list or in the domain, and the group when one is required.
 */
export interface SupportSignInConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Lower-case addresses. */
  allowedEmails: string[];
  /** Lower-case, without '@'. */
  allowedDomain: string | null;
  /** A value the ID token's `groups` claim must hold. */
  requiredGroup: string | null;
}

export interface Config {
  mode: 'real' | 'demo';
  clientId: string;
  clientSecret: string;
  loginUrl: string;
  apiUrl: string;
  appBaseUrl: string;
  host: string;
  port: number;
  sessionSecret: string;
  databaseUrl: string | null;
  dataDir: string;
  frameAncestors: string[];
  salus: SalusNames;
  supportWebhookUrl: string | null;
  supportWebhookSecret: string | null;
  /** Personal sign-in to the support view; null: none (only the break-glass token, if set). */
  supportSignIn: SupportSignInConfig | null;
  /** Break-glass bearer for the support view: off unless set, every use logged and audited. */
  supportToken: string | null;
  /** Also send the body-only signature of old (SUPPORT_WEBHOOK_LEGACY_SIGNATURE=1). */
  supportWebhookLegacySignature: boolean;
  /** Bearer credential for `GET /metrics`; unset, there is no /metrics (404). */
  metricsToken: string | null;
  /**
   * Whether a popup cut off from the window that opened it shows a one-time code to type into
   * SALUS Setup (the fallback when Procore's login severs the opener). Like any device code, it
   * can be phished; off, such a sign-in has to be started again.
   */
  signInCode: boolean;
  trustProxy: boolean | string;
  /** Days a disconnected company's personal data is kept before it is purged. */
  retentionDays: number;
  /**
   * Requests per hour per token assumed until Procore's headers show the limit (they show the
   * hourly window only near exhaustion); the last limit seen is kept in the store (§18).
   */
  procoreHourlyLimit: number;
}

export class ConfigError extends Error {}

const REQUIRED_IN_REAL_MODE = [
  'PROCORE_CLIENT_ID',
  'PROCORE_CLIENT_SECRET',
  'APP_BASE_URL',
  'SESSION_SECRET',
] as const;

const urlString = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  PROCORE_LOGIN_URL: urlString.default('https://login.procore.com'),
  PROCORE_API_URL: urlString.default('https://api.procore.com'),
  APP_BASE_URL: urlString.optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  FRAME_ANCESTORS: z.string().optional(),
  SALUS_COMPANY_TEMPLATE: z.string().min(1).default('SALUS Integration Account'),
  SALUS_PROJECT_TEMPLATE: z.string().min(1).default('SALUS Project Integration'),
  SALUS_ACCOUNT_PREFIX: z.string().min(1).default('salus-integration-'),
  SUPPORT_WEBHOOK_URL: urlString.optional(),
  SUPPORT_WEBHOOK_SECRET: z.string().min(16).optional(),
  SUPPORT_WEBHOOK_LEGACY_SIGNATURE: z.enum(['0', '1']).default('0'),
  SUPPORT_TOKEN: z.string().min(16, 'SUPPORT_TOKEN must be at least 16 characters').optional(),
  SUPPORT_OIDC_ISSUER: urlString.optional(),
  SUPPORT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  SUPPORT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SUPPORT_ALLOWED_EMAILS: z.string().optional(),
  SUPPORT_ALLOWED_DOMAIN: z
    .string()
    .regex(
      /^@?[a-z0-9.-]+\.[a-z]{2,}$/i,
      'SUPPORT_ALLOWED_DOMAIN must be a domain, e.g. salus.example',
    )
    .optional(),
  SUPPORT_REQUIRED_GROUP: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  SIGN_IN_CODE: z.enum(['on', 'off']).default('on'),
  TRUST_PROXY: z.string().optional(),
  DATA_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  PROCORE_HOURLY_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(3600),
});

const trimOrigin = (url: string) => url.replace(/\/+$/, '');

/**
 * `true` trusts every `X-Forwarded-For` hop, so the client's address is whatever the client
 * wrote first: safe only when the proxy replaces the header. Addresses, CIDRs or names
 * (`loopback`, `uniquelocal`) trust those proxies only: the address the nearest one saw.
 */
function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value; // e.g. "loopback" or "10.0.0.0/8"
}

/**
 * Reads the configuration. Demo mode fills in the fake Procore's endpoints and credentials
 * (`demo` is supplied by the demo launcher once the fake is listening).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  demo?: {
    clientId: string;
    clientSecret: string;
    procoreUrl: string;
    frameAncestors: string[];
    /** The demo's own SALUS identity provider, used unless SUPPORT_OIDC_ISSUER is set. */
    supportSignIn?: SupportSignInConfig;
  },
): Config {
  const realMode = Boolean(env.PROCORE_CLIENT_ID);
  if (!realMode && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'PROCORE_CLIENT_ID is not set and NODE_ENV=production: refusing to start the demo fake Procore in production. ' +
        `Set ${REQUIRED_IN_REAL_MODE.join(', ')}.`,
    );
  }
  if (realMode) {
    const missing = REQUIRED_IN_REAL_MODE.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new ConfigError(`Missing required environment variables: ${missing.join(', ')}`);
    }
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const port = e.PORT;
  const appBaseUrl = trimOrigin(e.APP_BASE_URL ?? `http://${e.HOST}:${port}`);
  const frameAncestors = [
    ...(e.FRAME_ANCESTORS
      ? e.FRAME_ANCESTORS.split(/\s+/).filter(Boolean)
      : DEFAULT_FRAME_ANCESTORS),
    // The simulated Procore page must always be able to frame the app in demo mode.
    ...(realMode ? [] : (demo?.frameAncestors ?? [])),
  ];

  if (realMode) refuseUnsafeUrls(e);
  if (!realMode && !demo) throw new ConfigError('Demo mode needs the fake Procore to be started');
  return {
    mode: realMode ? 'real' : 'demo',
    clientId: realMode ? String(env.PROCORE_CLIENT_ID) : demo!.clientId,
    clientSecret: realMode ? String(env.PROCORE_CLIENT_SECRET) : demo!.clientSecret,
    loginUrl: trimOrigin(realMode ? e.PROCORE_LOGIN_URL : demo!.procoreUrl),
    apiUrl: trimOrigin(realMode ? e.PROCORE_API_URL : demo!.procoreUrl),
    appBaseUrl,
    host: e.HOST,
    port,
    // Demo sessions need no durable secret: a fresh random one per start is safer than a default.
    sessionSecret: e.SESSION_SECRET ?? randomSecret(),
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.DATA_DIR,
    frameAncestors,
    salus: {
      companyTemplate: e.SALUS_COMPANY_TEMPLATE,
      projectTemplate: e.SALUS_PROJECT_TEMPLATE,
      accountPrefix: e.SALUS_ACCOUNT_PREFIX,
    },
    supportWebhookUrl: e.SUPPORT_WEBHOOK_URL ?? null,
    supportWebhookSecret: e.SUPPORT_WEBHOOK_SECRET ?? null,
    supportSignIn: supportSignInFrom(e, realMode) ?? demo?.supportSignIn ?? null,
    supportToken: e.SUPPORT_TOKEN ?? null,
    supportWebhookLegacySignature: e.SUPPORT_WEBHOOK_LEGACY_SIGNATURE === '1',
    metricsToken: e.METRICS_TOKEN ?? null,
    signInCode: e.SIGN_IN_CODE === 'on',
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    retentionDays: e.DATA_RETENTION_DAYS,
    procoreHourlyLimit: e.PROCORE_HOURLY_LIMIT,
  };
}

const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

/**
 * The support sign-in settings, all or nothing: an issuer with its client, and an allow-list
 * (without one nobody could sign in, which is a mistake worth stopping for).
 */
function supportSignInFrom(
  e: z.infer<typeof envSchema>,
  realMode: boolean,
): SupportSignInConfig | null {
  const names = ['SUPPORT_OIDC_ISSUER', 'SUPPORT_OIDC_CLIENT_ID', 'SUPPORT_OIDC_CLIENT_SECRET'];
  const given = names.filter((name) => e[name as keyof typeof e] !== undefined);
  if (given.length === 0) return null;
  if (given.length < names.length) {
    const missing = names.filter((name) => !given.includes(name));
    throw new ConfigError(`Support sign-in needs ${missing.join(', ')} as well`);
  }
  const allowedEmails = listOf(e.SUPPORT_ALLOWED_EMAILS);
  const allowedDomain = e.SUPPORT_ALLOWED_DOMAIN?.replace(/^@/, '').toLowerCase() ?? null;
  if (allowedEmails.length === 0 && !allowedDomain) {
    throw new ConfigError(
      'Support sign-in needs SUPPORT_ALLOWED_EMAILS or SUPPORT_ALLOWED_DOMAIN: nobody else may sign in',
    );
  }
  const issuer = new URL(e.SUPPORT_OIDC_ISSUER!);
  if (realMode && issuer.protocol !== 'https:' && !isLoopback(issuer)) {
    throw new ConfigError(
      'Invalid environment: SUPPORT_OIDC_ISSUER must be https (http only on a loopback host)',
    );
  }
  return {
    issuer: e.SUPPORT_OIDC_ISSUER!,
    clientId: e.SUPPORT_OIDC_CLIENT_ID!,
    clientSecret: e.SUPPORT_OIDC_CLIENT_SECRET!,
    allowedEmails,
    allowedDomain,
    requiredGroup: e.SUPPORT_REQUIRED_GROUP ?? null,
  };
}

/** `localhost`, `127.0.0.0/8` or `[::1]`: the only hosts where plain http carries no token off the machine. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Real mode sends tokens to Procore's URLs and builds the OAuth redirect URI and the CSRF origin
 * from APP_BASE_URL: plain http (outside loopback) would carry tokens and session ids in
 * cleartext, and a path would make a redirect URI and an origin that do not match the routes.
 */
function refuseUnsafeUrls(e: z.infer<typeof envSchema>) {
  const problems: string[] = [];
  for (const [name, value] of [
    ['PROCORE_LOGIN_URL', e.PROCORE_LOGIN_URL],
    ['PROCORE_API_URL', e.PROCORE_API_URL],
    ['APP_BASE_URL', e.APP_BASE_URL],
  ] as const) {
    if (!value) continue;
    const url = new URL(value);
    if (url.protocol !== 'https:' && !isLoopback(url)) {
      problems.push(`${name} must be https (http only on a loopback host)`);
    }
    if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash || url.username) {
      problems.push(`${name} must be an origin, with no path, query or credentials`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

/**
 * What an operator should know at start-up, in real mode: without `SUPPORT_WEBHOOK_URL`,
 * completion and change notices are only held for the support view (which needs
 * `SUPPORT_TOKEN`), and nobody is told by themselves.
 */
export function startupWarnings(config: Config): string[] {
  if (config.mode !== 'real') return [];
  const warnings: string[] = [];
  const readable = config.supportSignIn || config.supportToken;
  if (!config.supportWebhookUrl) {
    warnings.push(
      readable
        ? 'SUPPORT_WEBHOOK_URL is not set: completion and change notices are held, and shown only in the support view (/support).'
        : 'SUPPORT_WEBHOOK_URL is not set: completion and change notices are held for the support view, and support sign-in (SUPPORT_OIDC_ISSUER) is not set up either, so nobody can read them.',
    );
  }
  if (config.supportToken) {
    warnings.push(
      'SUPPORT_TOKEN is set: the break-glass token opens the support view; every use is logged and audited. Unset it once support sign-in works again.',
    );
  }
  return warnings;
}
