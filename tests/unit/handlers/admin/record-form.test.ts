import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordActionPage } from '../../../../src/handlers/admin/record-form';
import { DomainError } from '../../../../src/domain/errors';
import type { Actor } from '../../../../src/domain/roles';

const actor = { id: 7, role: 'admin' } as Actor;

function ctx(path: string, id: string, form?: Record<string, string>) {
  const url = new URL('http://127.0.0.1' + path);
  const request = new Request(
    url,
    form ? { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {},
  );
  return { url, request, params: { id }, locals: { admin: { actor, csrfToken: 't', sessionId: 's' } } };
}

const schema = z.object({ action: z.enum(['approve', 'reject']) });

describe('recordActionPage: the start of a record page with actions', () => {
  it('without a POST gives the actor, the id and today, nothing refused', async () => {
    const page = await recordActionPage(ctx('/admin/x/5', '5'), 'credit.read', schema, { action: '操作' }, () => Promise.resolve('never'));
    expect(page).toMatchObject({ actor, id: 5, status: 200, errors: [], posted: null });
  });

  it('answers a done action with a redirect back to the page, naming what was done', async () => {
    const seen: unknown[] = [];
    const page = await recordActionPage(ctx('/admin/x/5', '5', { action: 'approve' }), 'credit.read', schema, { action: '操作' }, (input, start) => {
      seen.push(input, start.id);
      return Promise.resolve(input.action);
    });
    expect(page).toBeInstanceOf(Response);
    expect((page as Response).status).toBe(303);
    expect((page as Response).headers.get('Location')).toBe('/admin/x/5?done=approve');
    expect(seen).toEqual([{ action: 'approve' }, 5]);
  });

  it('shows a bad form again with the field named in Chinese (400), never running the action', async () => {
    let ran = false;
    const page = await recordActionPage(ctx('/admin/x/5', '5', { action: 'maybe' }), 'credit.read', schema, { action: '操作' }, () => {
      ran = true;
      return Promise.resolve('x');
    });
    expect(ran).toBe(false);
    expect(page).toMatchObject({ status: 400, posted: { action: 'maybe' } });
    expect((page as { errors: string[] }).errors[0]).toMatch(/^操作：/);
  });

  it('a refusal keeps its status; not found and an id that names no record are null (the 404)', async () => {
    const conflict = await recordActionPage(ctx('/admin/x/5', '5', { action: 'reject' }), 'credit.read', schema, {}, () => {
      throw new DomainError('已经处理过', 'conflict');
    });
    expect(conflict).toMatchObject({ status: 409, errors: ['已经处理过'] });
    const gone = await recordActionPage(ctx('/admin/x/5', '5', { action: 'reject' }), 'credit.read', schema, {}, () => {
      throw new DomainError('不存在', 'not-found');
    });
    expect(gone).toBeNull();
    expect(await recordActionPage(ctx('/admin/x/abc', 'abc'), 'credit.read', schema, {}, () => Promise.resolve('x'))).toBeNull();
  });

  it('refuses an account without the permission (403)', async () => {
    const guest = { ...ctx('/admin/x/5', '5'), locals: { admin: { actor: { id: 8, role: 'viewer' } as unknown as Actor, csrfToken: 't', sessionId: 's' } } };
    await expect(recordActionPage(guest, 'credit.write', schema, {}, () => Promise.resolve('x'))).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
