import { createApiClient, listApiClients } from '../db/api-clients';
import { demoActor } from './demo-downgrades';

/**
 * The demo's API client: a fictional county 12345 hotline, created through the same function as
 * /admin/clients (with its audit row). Its key is issued and thrown away — it is shown nowhere;
 * an administrator who wants to try the API rotates it at /admin/clients.
 */
export const DEMO_CLIENT_NAME = '示范县12345热线（演示）';

export async function loadDemoClients(): Promise<void> {
  const admin = await demoActor('admin');
  if ((await listApiClients(admin)).some((c) => c.name === DEMO_CLIENT_NAME)) return;
  await createApiClient(admin, { name: DEMO_CLIENT_NAME, channel: '12345', rateLimitPerMinute: 120, callbackUrl: null }, null, null);
}
