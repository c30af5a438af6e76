// Helpers for the intake integration tests: Astro-like contexts around real Requests, and a
// cookie jar, so the same handlers the routes call run against the test database.
import type { AstroCookies } from 'astro';
import type { IntakeContext } from '../../../../src/handlers/intake/http';
import { sql } from '../../../support/db';

export class CookieJar {
  readonly values = new Map<string, string>();
  readonly options = new Map<string, unknown>();
  get(name: string) {
    const value = this.values.get(name);
    return value === undefined ? undefined : { value };
  }
  has(name: string) {
    return this.values.has(name);
  }
  set(name: string, value: string, options?: unknown) {
    this.values.set(name, value);
    this.options.set(name, options);
  }
  delete(name: string) {
    this.values.delete(name);
  }
  asCookies(): AstroCookies {
    return this as unknown as AstroCookies;
  }
}

export const ORIGIN = 'http://127.0.0.1:4321';

export function contextFor(request: Request, opts: { ip?: string; cookies?: CookieJar } = {}): IntakeContext {
  const jar = opts.cookies ?? new CookieJar();
  return {
    request,
    url: new URL(request.url),
    cookies: jar.asCookies(),
    clientAddress: opts.ip ?? '192.0.2.1',
    redirect: ((path: string, status = 302) => new Response(null, { status, headers: { Location: path } })) as IntakeContext['redirect'],
  };
}

export function jsonPost(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(ORIGIN + path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function formPost(
  path: string,
  fields: Record<string, string>,
  files: { name: string; bytes: Uint8Array; type?: string }[] = [],
  headers: Record<string, string> = {},
): Request {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('photos', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/jpeg' }), f.name);
  return new Request(ORIGIN + path, { method: 'POST', body: fd, headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', ...headers } });
}

export function get(path: string): Request {
  return new Request(ORIGIN + path);
}

/** A region and two institutions the tests can complain about and rate. */
export async function seedInstitutions(): Promise<{ clinic: { id: number; code: string }; hospital: { id: number; code: string } }> {
  await sql`INSERT INTO regions (code, name, level) VALUES ('419901', '示范县', 3) ON CONFLICT DO NOTHING`;
  const [clinic] = await sql<{ id: number; code: string }[]>`
    INSERT INTO institutions (code, registration_no, name, type, address, region_code)
    VALUES ('TEST2345', 'REG-TEST-1', '测试县幸福诊所', '诊所', '测试县幸福路1号', '419901') RETURNING id, code`;
  const [hospital] = await sql<{ id: number; code: string }[]>`
    INSERT INTO institutions (code, registration_no, name, type, address, region_code)
    VALUES ('TEST6789', 'REG-TEST-2', '测试县人民医院', '医院', '测试县人民路2号', '419901') RETURNING id, code`;
  return { clinic: clinic!, hospital: hospital! };
}

let ipCounter = 0;
/** A fresh client address per test, so the per-address limits of one test do not touch another. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}
