// npm run user:create -- --username NAME --role admin|district|viewer [--regions CODE,CODE]
//                        --display-name 姓名 [--department 科室] [--password-file FILE] [--reason 原因]
// Creates a supervisor account. The password comes from --password-file, else from standard
// input when it is not a terminal (first line), else from a prompt that does not echo.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { withDatabase } from './lib/with-database';
import { firstMessage, userCreateArgs } from '../src/schemas/cli';
import { createSupervisor } from '../src/db/supervisors';
import { hashPassword } from '../src/server/auth';
import { checkNewAccount } from '../src/handlers/admin/accounts';
import { newAccountSchema, ACCOUNT_LABELS } from '../src/schemas/admin-accounts';
import { fieldErrors } from '../src/schemas/zod-errors';
import { ROLE_LABELS } from '../src/domain/roles';
import { DomainError } from '../src/domain/errors';

const USAGE =
  '用法：npm run user:create -- --username 用户名 --role admin|district|viewer [--regions 区划代码,区划代码] --display-name 姓名 [--department 科室] [--password-file 文件] [--reason 原因]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args: { values: z.output<typeof userCreateArgs> };
try {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      regions: { type: 'string' },
      'display-name': { type: 'string' },
      department: { type: 'string' },
      'password-file': { type: 'string' },
      reason: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  args = { values: userCreateArgs.parse(values) };
} catch (e) {
  fail(`参数不正确：${e instanceof z.ZodError ? firstMessage(e) : (e as Error).message}\n${USAGE}`);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}

async function readPassword(): Promise<string> {
  const file = args.values['password-file'];
  if (file) {
    try {
      return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      fail(`无法读取密码文件：${file}`);
    }
  }
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  // Prompt without echo: the terminal shows nothing while the password is typed.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let muted = false;
  out._writeToOutput = (s: string) => {
    if (!muted) out.output.write(s);
  };
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      muted = false;
      rl.question(q, (a) => {
        resolve(a);
      });
      muted = true;
    });
  const first = await ask('密码：');
  process.stdout.write('\n');
  const second = await ask('再次输入密码：');
  process.stdout.write('\n');
  rl.close();
  if (first !== second) fail('两次输入的密码不一致。');
  return first;
}

const parsed = newAccountSchema.safeParse({
  username: args.values.username,
  displayName: args.values['display-name'],
  department: args.values.department,
  role: args.values.role,
  regions: args.values.regions,
  password: '',
});
if (!parsed.success) {
  const lines = fieldErrors(parsed.error.issues, ACCOUNT_LABELS).map((e) => `  ${e.label}：${e.message}`);
  fail(`账户信息不正确：\n${lines.join('\n')}\n${USAGE}`);
}
const account = parsed.data;
const password = await readPassword();

await withDatabase(async () => {
  try {
    await checkNewAccount(account.role, account.regions, password, account.username, account.displayName);
    const id = await createSupervisor(
      null,
      {
        username: account.username,
        displayName: account.displayName,
        department: account.department ?? null,
        role: account.role,
        regions: account.regions,
        passwordHash: await hashPassword(password),
      },
      args.values.reason,
      null,
    );
    console.log(
      `已创建账户 ${account.username}（${ROLE_LABELS[account.role]}，编号 ${id}${account.regions.length ? `，辖区 ${account.regions.join('、')}` : ''}）。`,
    );
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`未能创建账户：\n  ${e.message.split('；').join('\n  ')}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
});
