// npm run db:migrate — apply pending migrations (they are also applied by npm start).
import { withDatabase } from './lib/with-database';

await withDatabase(() => {
  console.log('数据库迁移已是最新。');
  return Promise.resolve();
});
