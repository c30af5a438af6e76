import type { TestProject } from 'vitest/node';
import { ensureTemplate, startTestCluster } from './test-cluster';

/** Start the test PostgreSQL once per run and prepare the migrated template. */
export default async function setup(project: TestProject) {
  const db = await startTestCluster();
  const template = await ensureTemplate(db);
  project.provide('testPgUrl', db.url);
  project.provide('testTemplate', template);
  return async () => {
    await db.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testPgUrl: string;
    testTemplate: string;
  }
}
