/**
 * npm run draw:verify -- FILE-OR-URL [--hash HEX]
 *
 * Recomputes a published draw (/inspections/{id}/draw.json, a file or an http(s) address) with
 * src/domain/draw.ts: refuses a seed whose SHA-256 is not the hash published before the draw,
 * then compares the recomputed list with the published one. Exit 0: 一致 (identical); 1: refused
 * or 不一致 (different, with the first difference); 2: usage or an unreadable record.
 * --hash: the seed hash as it was published before the draw (a citizen notes it then): a record
 * whose own hash differs is refused, so a record rewritten afterwards — seed, hash and list
 * together — does not pass.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyDrawRecord } from '../src/domain/draw-record';
import { drawRecordSchema, drawVerifyArgsSchema } from '../src/schemas/admin-draws';
import { firstMessage } from '../src/schemas/cli';

const USAGE = `用法 / usage: npm run draw:verify -- draw.json|https://…/inspections/{id}/draw.json [--hash 抽取前公布的种子哈希]`;

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`读取失败 / fetch failed: HTTP ${res.status} ${source}`);
    return res.text();
  }
  return readFile(source, 'utf8');
}

async function main(): Promise<number> {
  let parsed;
  try {
    const { values, positionals } = parseArgs({ options: { help: { type: 'boolean', short: 'h' }, hash: { type: 'string' } }, allowPositionals: true });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    parsed = drawVerifyArgsSchema.safeParse({ ...values, positionals });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!parsed.success) {
    console.error(`${firstMessage(parsed.error)}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await readSource(parsed.data.positionals);
  } catch (e) {
    console.error(`无法读取 / cannot read ${parsed.data.positionals}: ${(e as Error).message}`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    console.error('不是 JSON / not JSON');
    return 2;
  }
  const record = drawRecordSchema.safeParse(json);
  if (!record.success) {
    const issue = record.error.issues[0];
    console.error(`不是抽取记录 / not a draw record: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
    return 2;
  }
  const r = record.data;
  console.log(`${r.title}（${r.kind}，${r.year}）算法 / algorithm ${r.algorithm}`);
  console.log(`种子哈希 / seed hash: ${r.seedHash}`);
  if (parsed.data.hash !== undefined && parsed.data.hash !== r.seedHash.toLowerCase()) {
    console.error(`种子哈希与抽取前公布的 ${parsed.data.hash} 不符，拒绝验证 / the record's seed hash is not the one published before the draw: refused`);
    return 1;
  }
  const v = verifyDrawRecord(r);
  if (!v.ok) {
    console.error(v.message);
    return 1;
  }
  console.log(`一致 / identical: 重算的 ${v.items} 项与公布的名单完全相同 / the recomputed list of ${v.items} items is the published one`);
  return 0;
}

process.exitCode = await main();
