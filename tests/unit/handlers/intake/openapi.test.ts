import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../../src/handlers/intake/openapi';
import { parseComplaintJson } from '../../../../src/schemas/complaint';
import { parseRatingJson } from '../../../../src/schemas/rating';
import { parseStatusQuery } from '../../../../src/schemas/complaint';
import { parseSatisfactionJson } from '../../../../src/schemas/complaint-satisfaction';

// The document is plain JSON; the test walks it by path instead of typing every node.
const doc: unknown = openApiDocument('AB23CD45');

/** The node at `path` under `node` (undefined when a step is missing). */
function at(node: unknown, ...path: string[]): unknown {
  let here = node;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/** The node a local `$ref` ("#/components/schemas/…") points at. */
function resolve(ref: unknown): unknown {
  return at(doc, ...String(ref).replace(/^#\//, '').split('/'));
}

const post = (path: string, ...rest: string[]) => at(doc, 'paths', path, 'post', ...rest);
const body = (path: string, ...rest: string[]) => post(path, 'requestBody', 'content', 'application/json', ...rest);

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every intake endpoint', () => {
    expect(at(doc, 'openapi')).toBe('3.1.0');
    expect(Object.keys(at(doc, 'paths') as object).sort()).toEqual([
      '/api/complaint-satisfaction',
      '/api/complaints',
      '/api/openapi.json',
      '/api/ratings',
      // Open311 GeoReport v2 (src/handlers/open311-openapi.ts)
      '/open311/v2/discovery.json',
      '/open311/v2/requests.json',
      '/open311/v2/requests/{service_request_id}.json',
      '/open311/v2/services.json',
      '/open311/v2/services/{service_code}.json',
    ]);
  });

  it('has a request example for each POST that the server accepts as it is', () => {
    const complaint = body('/api/complaints', 'example');
    const rating = body('/api/ratings', 'example');
    expect(parseComplaintJson(complaint)).toMatchObject({ ok: true });
    expect(parseRatingJson(rating)).toMatchObject({ ok: true, value: { institutionCode: 'AB23CD45' } });
    const review = body('/api/complaint-satisfaction', 'example');
    expect(parseSatisfactionJson(review)).toMatchObject({ ok: true, value: { level: '不满意', reasons: ['处理不及时'] } });
    expect(parseStatusQuery(review as Record<string, string>)).toMatchObject({ ok: true });
    // The complaint example names no institution, so it works on any database.
    expect(at(complaint, 'institutionCode')).toBeUndefined();
    expect(at(complaint, 'unlistedName')).toBeTruthy();
  });

  it('generates the body schemas from zod: required fields, lengths, enums, no extra fields', () => {
    const schema = resolve(body('/api/complaints', 'schema', '$ref'));
    expect(at(schema, 'type')).toBe('object');
    expect(at(schema, 'additionalProperties')).toBe(false);
    expect(at(schema, 'required')).toEqual(expect.arrayContaining(['category', 'description', 'anonymous']));
    expect(at(schema, 'properties', 'description')).toMatchObject({ type: 'string', minLength: 5, maxLength: 2000 });
    expect(at(schema, 'properties', 'category', 'enum')).toEqual(['执业资质', '违规诊疗', '院感防控', '信息公示', '其他']);
    expect(at(schema, 'properties', 'subcategory', 'enum')).toContain('TC15');
    const rating = resolve(body('/api/ratings', 'schema', '$ref'));
    expect(at(rating, 'properties', 'stars')).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
  });

  it('documents the error answers with Chinese examples, and every $ref resolves', () => {
    const responses = post('/api/complaints', 'responses');
    for (const status of ['201', '400', '409', '413', '415', '429', '503']) expect(at(responses, status), status).toBeDefined();
    expect(at(responses, '429', 'headers', 'Retry-After')).toBeDefined();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(resolve(r.slice(8, -1)), r).toBeDefined();
  });
});
