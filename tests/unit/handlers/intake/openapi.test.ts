import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../../src/handlers/intake/openapi';
import { parseComplaintJson } from '../../../../src/schemas/complaint';
import { parseRatingJson } from '../../../../src/schemas/rating';

// The document is plain JSON; the test walks it without a type for every node.
type Json = Record<string, any>;

const doc = openApiDocument('AB23CD45') as Json;

function resolve(ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: Json, part) => node?.[part], doc);
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every intake endpoint', () => {
    expect(doc['openapi']).toBe('3.1.0');
    expect(Object.keys(doc['paths']).sort()).toEqual(['/api/complaints', '/api/openapi.json', '/api/ratings']);
  });

  it('has a request example for each POST that the server accepts as it is', () => {
    const complaint = doc['paths']['/api/complaints'].post.requestBody.content['application/json'];
    const rating = doc['paths']['/api/ratings'].post.requestBody.content['application/json'];
    expect(parseComplaintJson(complaint.example)).toMatchObject({ ok: true });
    expect(parseRatingJson(rating.example)).toMatchObject({ ok: true, value: { institutionCode: 'AB23CD45' } });
    // The complaint example names no institution, so it works on any database.
    expect(complaint.example.institutionCode).toBeUndefined();
    expect(complaint.example.unlistedName).toBeTruthy();
  });

  it('generates the body schemas from zod: required fields, lengths, enums, no extra fields', () => {
    const schema = resolve(doc['paths']['/api/complaints'].post.requestBody.content['application/json'].schema.$ref);
    expect(schema['type']).toBe('object');
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['required']).toEqual(expect.arrayContaining(['category', 'description', 'anonymous']));
    expect(schema['properties'].description).toMatchObject({ type: 'string', minLength: 5, maxLength: 2000 });
    expect(schema['properties'].category.enum).toEqual(['执业资质', '违规诊疗', '院感防控', '信息公示', '其他']);
    expect(schema['properties'].subcategory.enum).toContain('TC15');
    const rating = resolve(doc['paths']['/api/ratings'].post.requestBody.content['application/json'].schema.$ref);
    expect(rating['properties'].stars).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
  });

  it('documents the error answers with Chinese examples, and every $ref resolves', () => {
    const responses = doc['paths']['/api/complaints'].post.responses;
    for (const status of ['201', '400', '409', '413', '415', '429', '503']) expect(responses[status], status).toBeDefined();
    expect(responses['429'].headers['Retry-After']).toBeDefined();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(resolve(r.slice(8, -1)), r).toBeDefined();
  });
});
