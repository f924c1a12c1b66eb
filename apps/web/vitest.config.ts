import path from "node:path";
import { databaseTestConfig } from "../../packages/db/src/testing/vitest-config";

export default databaseTestConfig({}, { resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } } });
