/**
 * A browser as SALUS support uses the support view over real HTTP: a cookie jar for our origin
 * (cookies sent as a browser would: never the Authorization header), redirects followed by hand
 * across our app and the simulated SALUS identity provider, and the provider's "Sign in as …"
 * form read from its HTML.
 */
import { CSRF_HEADER, CSRF_VALUE } from '../../src/api/contract.ts';
import { readConsentForm } from './app-harness.ts';

export interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const at = pair.indexOf('=');
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attributes };
}

export function supportBrowser(appUrl: string) {
  const jar = new Map<string, string>();
  const appOrigin = new URL(appUrl).origin;
  /** Every Set-Cookie our app sent, in order (the tests read their attributes). */
  const setCookies: SetCookie[] = [];

  function remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const cookie = parseSetCookie(header);
      setCookies.push(cookie);
      const expired = cookie.attributes.some(
        (a) => /^max-age=0$/i.test(a) || /^expires=.*1970/i.test(a),
      );
      if (expired || cookie.value === '') jar.delete(cookie.name);
      else jar.set(cookie.name, cookie.value);
    }
  }

  /** One request, cookies attached on our origin only, no redirect followed. */
  async function send(url: string | URL, init: RequestInit = {}) {
    const target = new URL(url, appUrl);
    const headers = new Headers(init.headers);
    if (target.origin === appOrigin && jar.size > 0) {
      headers.set('Cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    if (target.origin === appOrigin) remember(response);
    return response;
  }

  const location = (response: Response, base: string | URL) =>
    new URL(response.headers.get('location') ?? '', base).href;

  return {
    jar,
    setCookies,
    send,

    async getJson<T = unknown>(path: string, headers: Record<string, string> = {}) {
      const response = await send(path, { headers });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text && response.headers.get('content-type')?.includes('json')
          ? JSON.parse(text)
          : text) as T,
      };
    },

    post(path: string, headers: Record<string, string> = { [CSRF_HEADER]: CSRF_VALUE }) {
      return send(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '{}',
      });
    },

    /**
     * `/auth/support/start` (or `startPath`, the same with a query) up to the provider's page:
     * returns the page's form and the authorize URL, without choosing anyone yet.
     */
    async startSignIn(startPath = '/auth/support/start') {
      const start = await send(startPath);
      if (start.status !== 302) throw new Error(`${startPath} answered ${start.status}`);
      const authorizeUrl = location(start, appUrl);
      const page = await fetch(authorizeUrl);
      if (page.status !== 200) throw new Error(`the provider's page answered ${page.status}`);
      const html = await page.text();
      return { authorizeUrl, html, form: readConsentForm(html) };
    },

    /** Clicks "Sign in as <email>" on the provider's page: returns our callback URL. */
    async choose(
      started: { authorizeUrl: string; form: ReturnType<typeof readConsentForm> },
      email: string,
    ) {
      const button = started.form.buttons.find((b) => b.value === email);
      if (!button?.name) throw new Error(`no "Sign in as ${email}" on the provider's page`);
      const fields = new URLSearchParams(started.form.fields);
      fields.set(button.name, button.value);
      const decided = await fetch(new URL(started.form.action, started.authorizeUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: fields,
      });
      if (decided.status !== 303) throw new Error(`the provider answered ${decided.status}`);
      return location(decided, started.authorizeUrl);
    },

    /** Our callback, in this browser: where it sends the browser next. */
    async callback(callbackUrl: string) {
      const response = await send(callbackUrl);
      return { status: response.status, location: response.headers.get('location') };
    },

    /** The whole sign-in as <email>; returns where the app sent the browser at the end. */
    async signIn(email = 'support@salus.example', startPath?: string) {
      const started = await this.startSignIn(startPath);
      return this.callback(await this.choose(started, email));
    },
  };
}

export type SupportBrowser = ReturnType<typeof supportBrowser>;
