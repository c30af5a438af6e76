// npm run db:schema — rewrite db/schema.sql from the migrations (no database needed).
import fs from 'node:fs';
import { renderSchemaFile } from '../src/db/schema-file';

fs.writeFileSync('db/schema.sql', renderSchemaFile());
console.log('已更新 db/schema.sql');
