// Demo supervisor accounts (one per role), loaded with the demo data. Filled by the supervisor area.
export async function loadDemoAccounts(): Promise<void> {}
