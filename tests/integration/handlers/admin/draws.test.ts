// The draw screens' handlers (/admin/draws, /admin/draws/{id}, the inspector form of /admin/users)
// against PostgreSQL: forms parsed with Chinese errors, each step a POST → 303, checkbox lists read,
// viewers see but cannot act.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { adminContext, makeWorld, COUNTY, type World } from './world';
import { drawPage, drawsPage } from '../../../../src/handlers/admin/draws';
import { usersPage } from '../../../../src/handlers/admin/accounts';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
let w: World;

beforeAll(async () => {
  w = await makeWorld();
});

/** A POST whose form may repeat a field (checkbox lists). */
function post(actor: Actor, path: string, fields: [string, string][], params: Record<string, string> = {}) {
  const ctx = adminContext(actor, path, { params }) as unknown as Record<string, unknown>;
  const request = new Request(new URL(`http://127.0.0.1${path}`), {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { ...ctx, request } as never;
}

const location = (r: unknown): string => (r instanceof Response ? (r.headers.get('Location') ?? '') : '');

describe('draw screens', () => {
  it('sets 执法证号 and township on the users page', async () => {
    for (const [actor, no] of [
      [w.admin, 'ZF-A'],
      [w.districtA, 'ZF-B'],
      [w.districtB, 'ZF-C'],
    ] as const) {
      const r = await usersPage(
        post(w.admin, '/admin/users', [
          ['op', 'inspector'],
          ['id', String(actor.id)],
          ['enforcementNo', no],
          ['township', ''],
          ['reason', '录入执法证'],
        ]),
      );
      expect(location(r)).toBe('/admin/users?done=inspector');
    }
    const bad = await usersPage(
      post(w.admin, '/admin/users', [
        ['op', 'inspector'],
        ['id', String(w.viewer.id)],
        ['enforcementNo', 'ZF-A'],
        ['reason', '录入执法证'],
      ]),
    );
    expect(bad).toMatchObject({ status: 409, errors: ['执法证号：ZF-A 已登记在另一个账户'] });
    const [row] = await sql`SELECT enforcement_no FROM supervisors WHERE id = ${w.districtB.id}`;
    expect(row?.['enforcement_no']).toBe('ZF-C');
  });

  it('creates a draw; bad rules are named by line; viewers cannot create', async () => {
    const form: [string, string][] = [
      ['kind', '双随机'],
      ['year', '2026'],
      ['title', '页面测试抽查'],
      ['regionCode', COUNTY],
      ['rules', '* 100%'],
      ['inspectorsPerItem', '2'],
    ];
    const bad = await drawsPage(
      post(
        w.admin,
        '/admin/draws',
        form.map(([k, v]) => [k, k === 'rules' ? '* 100%\n全部' : v]),
      ),
    );
    expect(bad).toMatchObject({ status: 400, errors: ['抽取规则：抽取规则第 2 行：应写作“层 比例%”或“层 家数家”，例如“差|*|* 100%”'] });
    const refused = await drawsPage(post(w.viewer, '/admin/draws', form));
    expect(refused).toMatchObject({ status: 403 });
    const view = await drawsPage(adminContext(w.viewer, '/admin/draws'));
    expect(view).toMatchObject({ canRun: false });
    expect(location(await drawsPage(post(w.admin, '/admin/draws', form)))).toMatch(/^\/admin\/draws\/\d+\?done=created$/);
    const fresh = await drawsPage(adminContext(w.admin, '/admin/draws?kind=自查材料调取'));
    expect(fresh).toMatchObject({ values: { kind: '自查材料调取', rules: '二级以上 50%\n一级及以下 20%' } });
  });

  it('runs the steps on the draw page and records a result with its checkbox lists', async () => {
    const [d] = await sql<{ id: string }[]>`SELECT id::text FROM draws WHERE title = '页面测试抽查'`;
    const path = `/admin/draws/${d!.id}`;
    const act = (actor: Actor, fields: [string, string][]) => drawPage(post(actor, path, fields, { id: d!.id }));
    expect(await act(w.viewer, [['op', 'publish-hash']])).toMatchObject({ status: 403 });
    expect(
      location(
        await act(w.admin, [
          ['op', 'recusal'],
          ['supervisorId', String(w.districtA.id)],
          ['institutionCode', 'tsta01'],
          ['reason', '近亲属在该机构'],
        ]),
      ),
    ).toBe(`${path}?done=recusal`);
    expect(
      location(
        await act(w.admin, [
          ['op', 'publish-hash'],
          ['ownHash', ''],
        ]),
      ),
    ).toBe(`${path}?done=publish-hash`);
    expect(
      location(
        await act(w.admin, [
          ['op', 'unrecuse'],
          ['supervisorId', String(w.districtA.id)],
          ['institutionCode', 'TSTA01'],
        ]),
      ),
    ).toBe(`${path}?done=unrecuse`);
    expect(location(await act(w.admin, [['op', 'draw']]))).toBe(`${path}?done=draw`);
    const view = await drawPage(adminContext(w.admin, path, { params: { id: d!.id } }));
    if (!view || view instanceof Response) throw new Error('no view');
    expect(view.items.map((i) => i.code)).toEqual(expect.arrayContaining(['TSTA01', 'TSTB01']));
    // Frozen with the recusal: districtA never inspects TSTA01, although the recusal was removed after the hash.
    const a = view.items.find((i) => i.code === 'TSTA01')!;
    expect(a.inspectors.map((p) => p.enforcementNo).sort()).toEqual(['ZF-A', 'ZF-C']);
    const result: [string, string][] = [
      ['op', 'result'],
      ['itemId', String(a.id)],
      ['inspectedOn', view.today],
      ['result', '限期整改'],
      ['finding', '3'],
      ['finding', '12'],
      ['findingsText', '病历不规范'],
      ...a.inspectors.map((p): [string, string] => ['inspector', String(p.id)]),
    ];
    expect(await act(w.admin, [...result.filter(([k]) => k !== 'inspector'), ['inspector', String(w.admin.id)]])).toMatchObject({
      status: 400,
      errors: ['检查人员：至少两名执法人员'],
    });
    expect(location(await act(w.admin, result))).toBe(`${path}?done=result`);
    const [n] = await sql`SELECT finding_codes, result FROM inspections WHERE draw_item_id = ${a.id}`;
    expect(n).toMatchObject({ finding_codes: [3, 12], result: '限期整改' });
    expect(location(await act(w.admin, [['op', 'publish']]))).toBe(`${path}?done=publish`);
    expect(await act(w.admin, [['op', 'publish']])).toMatchObject({ status: 409, errors: ['这次抽取的结果已经公开。'] });
    expect(await act(w.admin, [['op', 'nonsense']])).toMatchObject({ status: 400 });
  });
});
