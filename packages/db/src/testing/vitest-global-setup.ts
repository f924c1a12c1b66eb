// Vitest globalSetup shared by every package: one fresh database per test run.
// Workers inherit DATABASE_URL from this process. Tests create their own
// tenants (unique slugs), so files can run in parallel on the same database.
import { createTestDatabase } from "./index";

export default async function setup(): Promise<() => Promise<void>> {
  const testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
  process.env.ARTICULATE_TEST_DB = testDb.name;
  return async () => {
    await testDb.drop();
  };
}
