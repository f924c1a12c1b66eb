import { databaseTestConfig } from "@articulate/db/vitest-config";

// The Stripe catalogue (StripeCatalogEntry) is global state: files that point it at their own fake run one at a time.
export default databaseTestConfig({ fileParallelism: false });
