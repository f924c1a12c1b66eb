// Vitest globalSetup shared by every package: one fresh database per test run.
// Workers inherit DATABASE_URL from this process. Tests create their own
// tenants (unique slugs), so files can run in parallel on the same database.
import { createTestDatabase } from "./index";

// Vitest 5's failure reporter calls Map.groupBy, which Node 20 lacks: without
// this, a failing test prints "Map.groupBy is not a function" instead of the
// assertion. (Node 21+ has it natively.)
const mapWithGroupBy = Map as unknown as { groupBy?: unknown };
if (typeof mapWithGroupBy.groupBy !== "function") {
  mapWithGroupBy.groupBy = <K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> => {
    const out = new Map<K, V[]>();
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      const bucket = out.get(k);
      if (bucket) bucket.push(item);
      else out.set(k, [item]);
    }
    return out;
  };
}

export default async function setup(): Promise<() => Promise<void>> {
  const testDb = await createTestDatabase();
  // Test infrastructure: points every test worker (they inherit the environment) at the fresh database.
  process.env.DATABASE_URL = testDb.url;
  process.env.ARTICULATE_TEST_DB = testDb.name;
  return async () => {
    await testDb.drop();
  };
}
