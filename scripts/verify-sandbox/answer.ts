import {
  isProcoreApiError,
  type ProcoreHttp,
  type ProcoreRequest,
} from '../../src/procore/index.ts';

/** A Procore answer whatever its status: the checks judge 4xx answers, they do not fail on them. */
export interface Answer {
  status: number | null;
  body: unknown;
  /** Procore's message on an error answer. */
  message: string | null;
}

export async function answer(http: ProcoreHttp, req: ProcoreRequest): Promise<Answer> {
  try {
    const res = await http.request(req);
    return { status: res.status, body: res.body, message: null };
  } catch (err) {
    if (isProcoreApiError(err) && err.status !== null) {
      return { status: err.status, body: null, message: err.procoreMessage };
    }
    throw err;
  }
}

export const ok = (a: Answer) => a.status !== null && a.status >= 200 && a.status < 300;

/** `201` or `422 "Project is inactive"`, for evidence lines. */
export const describe = (a: Answer) =>
  a.message === null ? `${a.status}` : `${a.status} "${a.message}"`;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
