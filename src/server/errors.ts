import type { FastifyReply } from 'fastify';
import { ZodError } from 'zod';
import type { ApiError, ApiErrorCode } from '../api/contract.ts';
import { isProcoreApiError } from '../procore/index.ts';
import { ClientGoneError } from './interactive.ts';
import { SessionExpiredError } from './procore-access.ts';
import { ActiveRunExistsError } from './store/index.ts';

/** Every API error is JSON with a stable code and a human message (contract.ts `ApiError`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** More of the error body, e.g. `busy` with `procore-busy`. */
    readonly details?: Omit<ApiError['error'], 'code' | 'message'>,
  ) {
    super(message);
  }
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  details?: Omit<ApiError['error'], 'code' | 'message'>,
) {
  const body: ApiError = { error: { code, message, ...details } };
  return reply.code(status).type('application/json').send(body);
}

/** What the server answers for a request it could not read (Fastify's own 4xx errors). */
const CLIENT_MISTAKES: Record<number, string> = {
  400: 'The request is not valid.',
  413: 'The request body is too large.',
  415: 'The request must be JSON (Content-Type: application/json).',
};

/** Maps anything thrown by a route to the status and code the browser sees. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ZodError) return new HttpError(400, 'bad-request', CLIENT_MISTAKES[400]!);
  // Nobody is there to read it (nginx's "client closed request").
  if (error instanceof ClientGoneError) return new HttpError(499, 'bad-request', error.message);
  if (error instanceof ActiveRunExistsError)
    return new HttpError(409, 'conflict', 'A fix is already running for this company.');
  if (error instanceof SessionExpiredError)
    return new HttpError(401, 'session-expired', error.message);
  if (isProcoreApiError(error)) {
    const procore = { procore: { status: error.status ?? null, message: error.procoreMessage } };
    switch (error.kind) {
      case 'unauthorized':
        return new HttpError(
          401,
          'session-expired',
          'Procore no longer accepts your sign-in. Sign in again; nothing was lost.',
        );
      case 'rate-limited':
        return new HttpError(
          503,
          'rate-limited',
          'Procore asked us to slow down. Try again in a minute.',
        );
      case 'forbidden':
        return new HttpError(403, 'forbidden', 'Procore refused.', procore);
      case 'not-found':
        return new HttpError(404, 'not-found', 'Procore could not find it.', procore);
      default:
        return new HttpError(
          502,
          'procore-unavailable',
          'Procore could not be reached or failed.',
          procore,
        );
    }
  }
  // Fastify's body parsing and validation errors carry a 4xx status code; their messages are
  // Fastify's, so the answer uses our own words.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'bad-request', CLIENT_MISTAKES[status] ?? CLIENT_MISTAKES[400]!);
  }
  return new HttpError(
    500,
    'internal',
    'Something went wrong on our side. Try again; nothing was changed.',
  );
}
