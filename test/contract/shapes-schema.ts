/**
 * Compiles `test/fixtures/shapes.json` with ajv as its README says: `nullable` becomes a type
 * union, `oneOf` is treated as `anyOf`, and `$ref: #/schemas/X` resolves inside the file. The
 * 2026 extract has no nullability at all, so its schemas accept null for every typed field, and
 * its "(nested object)" stubs (cut below depth 3) accept anything.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

export interface ShapeSource {
  schema?: Json;
}

export interface ShapeEndpoint {
  method: string;
  path: string;
  operationId: string;
  request_body: null | Record<
    string,
    ShapeSource & { content_type?: string; content_types?: string[] }
  >;
  responses: Record<string, { description: string } & Record<string, ShapeSource | string>>;
}

export interface Shapes {
  endpoints: ShapeEndpoint[];
  schemas: Record<string, Json>;
}

export const SOURCES = ['oas_2024_sdk', 'oas_2026_extract'] as const;
export type SourceKey = (typeof SOURCES)[number];

export function loadShapes(): Shapes {
  return JSON.parse(
    readFileSync(new URL('../fixtures/shapes.json', import.meta.url), 'utf8'),
  ) as Shapes;
}

function convert(node: unknown, nullEverywhere: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, nullEverywhere));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  // The 2026 extract cuts schemas below depth 3; such a node says nothing about the value.
  if (src.description === '(nested object)') return {};
  const out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'nullable') continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([k, v]) => [k, convert(v, nullEverywhere)]),
      );
    } else if (key === 'oneOf') {
      out.anyOf = convert(value, nullEverywhere);
    } else if (key === 'enum' && Array.isArray(value)) {
      out.enum = [...new Set(value)]; // the 2026 extract repeats some values
    } else if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/schemas/', 'shapes#/schemas/');
    } else {
      out[key] = convert(value, nullEverywhere);
    }
  }
  const nullable = src.nullable === true || (nullEverywhere && typeof src.type === 'string');
  if (!nullable) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...new Set([...(out.enum as unknown[]), null])];
    return out;
  }
  if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  return out;
}

export function createValidator(shapes: Shapes) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('float', true);
  ajv.addFormat('decimal', true);
  const schemas = Object.fromEntries(
    Object.entries(shapes.schemas).map(([name, s]) => [name, convert(s, false)]),
  );
  ajv.addSchema({ $id: 'shapes', schemas });
  const cache = new Map<unknown, ValidateFunction>();
  return (schema: Json, source: SourceKey, value: unknown): string[] => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(convert(schema, source === 'oas_2026_extract') as Json);
      cache.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
  };
}
