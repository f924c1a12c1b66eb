import path from "node:path";
import { databaseTestConfig } from "@articulate/db/vitest-config";

export default databaseTestConfig({}, { resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } } });
