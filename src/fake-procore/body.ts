import { parseProcoreJson } from '../procore/json.ts';
import { badRequest } from './http-kit.ts';

type Nested = Record<string, unknown>;

/** Sets `user[company_permission_template_id]`-style keys into nested objects (Rails params). */
function setBracketed(target: Nested, key: string, value: string): void {
  const parts = key.replace(/\]/g, '').split('[');
  let node: Nested = target;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (i === parts.length - 1) {
      node[part] = value;
      return;
    }
    if (parts[i + 1] === '' && i + 2 === parts.length) {
      // `ids[]=1&ids[]=2`: a list of scalars.
      const list = Array.isArray(node[part]) ? (node[part] as unknown[]) : [];
      list.push(value);
      node[part] = list;
      return;
    }
    const child = node[part];
    node = (child && typeof child === 'object' ? child : (node[part] = {})) as Nested;
  }
}

function fromEntries(entries: Iterable<[string, FormDataEntryValue]>): Nested {
  const out: Nested = {};
  for (const [key, value] of entries) {
    if (typeof value === 'string') setBracketed(out, key, value);
  }
  return out;
}

/**
 * Reads a request body the way Procore accepts it: JSON (IDs kept exact), or form data with
 * Rails bracket keys (the 2024 SDK sends company-user PATCHes as multipart/form-data).
 * An empty body is `undefined`; malformed JSON is a 400.
 */
export async function readRequestBody(request: Request): Promise<unknown> {
  const type = request.headers.get('Content-Type') ?? '';
  if (type.includes('multipart/form-data')) {
    const form = await request.formData();
    return fromEntries(form.entries());
  }
  const text = await request.text();
  if (text.trim() === '') return undefined;
  if (type.includes('application/x-www-form-urlencoded')) {
    return fromEntries(new URLSearchParams(text).entries());
  }
  try {
    return parseProcoreJson(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
