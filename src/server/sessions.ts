import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session, Store } from './store/index.ts';

/**
 * Which session a request belongs to. Inside Procore's iframe the app is a third party, so the
 * cookie is `__Host-`, `Secure`, `HttpOnly`, `SameSite=None` and `Partitioned` (CHIPS); where
 * third-party cookies are blocked the SPA sends the session id as a bearer header from memory
 * (procore-platform.md §12).
 */
export const SESSION_COOKIE = '__Host-salus-session';

const COOKIE_OPTIONS = {
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'none',
  partitioned: true,
} as const;

export function setSessionCookie(reply: FastifyReply, sessionId: string) {
  reply.setCookie(SESSION_COOKIE, sessionId, { ...COOKIE_OPTIONS, maxAge: 12 * 60 * 60 });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
}

function sessionIdFrom(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

export async function resolveSession(
  request: FastifyRequest,
  store: Store,
): Promise<{ sessionId: string; session: Session } | null> {
  const sessionId = sessionIdFrom(request);
  if (!sessionId || sessionId.length > 200) return null;
  const session = await store.sessions.get(sessionId);
  if (!session) return null;
  await store.sessions.touch(sessionId);
  return { sessionId, session };
}
