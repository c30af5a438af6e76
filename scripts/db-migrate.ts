// npm run db:migrate — apply pending migrations (they are also applied by npm start).
import { withDatabase } from './lib/with-database';

await withDatabase(async () => {
  console.log('数据库迁移已是最新。');
});
