import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, CSRF_VALUE } from '../api/contract.ts';
import { sendError } from './errors.ts';

/**
 * Browser-facing protections (procore-platform.md §11.4, §12):
 * - framing only by Procore's hosts (`frame-ancestors`, no X-Frame-Options);
 * - scripts only from our origin (no inline script, no eval);
 * - state-changing requests must carry our custom header (forcing a CORS preflight that we
 *   never grant) and, when the browser sends one, our exact Origin.
 */

export function contentSecurityPolicy(frameAncestors: string[] | 'none'): string {
  const ancestors = frameAncestors === 'none' ? "'none'" : frameAncestors.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // styled-components (core-react) injects <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

export function setSecurityHeaders(reply: FastifyReply, frameAncestors: string[] | 'none') {
  reply.header('Content-Security-Policy', contentSecurityPolicy(frameAncestors));
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'no-referrer');
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isStateChanging = (method: string) => STATE_CHANGING.has(method.toUpperCase());

/** A route as declared (`GET /api/companies/:cid/status`), not as a request spelled it. */
export interface DeclaredRoute {
  method: string;
  url: string;
}

/** API and sign-in routes: JSON or popup pages, never cached, never framed, never embedded. */
export const isApiRoute = (declaredPath: string) =>
  declaredPath.startsWith('/api/') ||
  declaredPath.startsWith('/auth/') ||
  declaredPath.startsWith('/webhooks/');

/** Rejects a cross-site state-changing request; returns true when it was rejected. */
export function rejectCsrf(
  request: FastifyRequest,
  reply: FastifyReply,
  appOrigin: string,
): boolean {
  if (!isStateChanging(request.method)) return false;
  const origin = request.headers.origin;
  if (
    request.headers[CSRF_HEADER.toLowerCase()] !== CSRF_VALUE ||
    (origin !== undefined && origin !== appOrigin)
  ) {
    sendError(reply, 403, 'csrf', 'This request must come from the SALUS Setup app itself.');
    return true;
  }
  return false;
}
