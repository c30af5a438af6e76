// npm run docs:lifecycle — rewrite the state tables in docs/supervisor.md from src/domain.
import fs from 'node:fs';
import { withLifecycleTables } from '../src/domain/lifecycle-doc';

const file = 'docs/supervisor.md';
const next = withLifecycleTables(fs.readFileSync(file, 'utf8'));
if (next === null) {
  console.error(`${file} 中缺少状态表的起止标记。`);
  process.exit(1);
}
fs.writeFileSync(file, next);
console.log(`已更新 ${file} 的状态表`);
