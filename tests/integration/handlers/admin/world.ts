// A small fictional jurisdiction for the supervisor-area integration tests: one county with two
// townships, an institution in each, complaints in each, and one account per role.
import { sql } from '../../../support/db';
import { hashPassword } from '../../../../src/server/auth';
import { complaintDueDates } from '../../../../src/domain/complaint-workflow';
import type { Actor } from '../../../../src/domain/roles';
import { loadActor } from '../../../../src/db/supervisors';

export const PASSWORD = 'correct horse battery staple';
export const COUNTY = '419901';
export const TOWN_A = '419901001';
export const TOWN_B = '419901002';
export const OTHER_COUNTY = '419902';

export interface World {
  admin: Actor;
  districtA: Actor;
  districtB: Actor;
  viewer: Actor;
  viewerA: Actor;
  countySupervisor: Actor;
  instA: number;
  instB: number;
  complaintA: number;
  complaintB: number;
}

let hashed: Promise<string> | null = null;

export async function makeSupervisor(username: string, role: 'admin' | 'district' | 'viewer', regions: string[] = []): Promise<Actor> {
  hashed ??= hashPassword(PASSWORD);
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO supervisors (username, display_name, password_hash, role) VALUES (${username}, ${username + '显示名'}, ${await hashed}, ${role}) RETURNING id`;
  for (const code of regions) await sql`INSERT INTO supervisor_regions (supervisor_id, region_code) VALUES (${row!.id}, ${code})`;
  return (await loadActor(row!.id))!;
}

let seq = 0;
export async function makeComplaint(
  institutionId: number,
  opts: { received?: string; category?: string; status?: string; regionCode?: string | null } = {},
): Promise<number> {
  seq += 1;
  const received = opts.received ?? '2025-09-30';
  const due = complaintDueDates(received);
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO complaints (tracking_no, query_code_hash, institution_id, region_code, category, description, anonymous, received_at, accept_due, close_due)
    VALUES (${'T' + Date.now().toString(36) + seq}, 'x', ${institutionId}, ${opts.regionCode ?? null}, ${opts.category ?? '违规诊疗'},
            ${'测试投诉内容 ' + seq}, true, ${received + 'T10:00:00+08:00'}, ${due.acceptDue}, ${due.closeDue})
    RETURNING id`;
  return row!.id;
}

export async function makeWorld(): Promise<World> {
  await sql`INSERT INTO regions (code, name, level) VALUES (${COUNTY}, '示范县', 3), (${OTHER_COUNTY}, '邻县', 3)`;
  await sql`INSERT INTO regions (code, name, level, parent_code) VALUES (${TOWN_A}, '甲镇', 4, ${COUNTY}), (${TOWN_B}, '乙镇', 4, ${COUNTY})`;
  const [a] = await sql<
    { id: number }[]
  >`INSERT INTO institutions (code, registration_no, name, region_code) VALUES ('TSTA01', 'REG-A', '甲镇卫生院', ${TOWN_A}) RETURNING id`;
  const [b] = await sql<
    { id: number }[]
  >`INSERT INTO institutions (code, registration_no, name, region_code) VALUES ('TSTB01', 'REG-B', '乙镇诊所', ${TOWN_B}) RETURNING id`;
  const world: World = {
    admin: await makeSupervisor('t.admin', 'admin'),
    districtA: await makeSupervisor('t.district.a', 'district', [TOWN_A]),
    districtB: await makeSupervisor('t.district.b', 'district', [TOWN_B]),
    viewer: await makeSupervisor('t.viewer', 'viewer'),
    viewerA: await makeSupervisor('t.viewer.a', 'viewer', [TOWN_A]),
    countySupervisor: await makeSupervisor('t.county', 'district', [COUNTY]),
    instA: a!.id,
    instB: b!.id,
    complaintA: 0,
    complaintB: 0,
  };
  world.complaintA = await makeComplaint(world.instA);
  world.complaintB = await makeComplaint(world.instB);
  return world;
}

/** A supervisor-area request context for calling a page handler directly, signed in as `actor`. */
export function adminContext(actor: Actor, path: string, init: { method?: string; form?: Record<string, string>; params?: Record<string, string> } = {}) {
  const url = new URL('http://127.0.0.1' + path);
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  const request = new Request(url, {
    method: init.method ?? 'GET',
    ...(body ? { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  return {
    url,
    request,
    params: init.params ?? {},
    locals: { admin: { actor, csrfToken: 't', sessionId: 's' } },
    cookies: {} as never,
    clientAddress: '198.51.100.7',
  } as never;
}
