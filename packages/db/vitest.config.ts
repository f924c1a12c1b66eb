import { databaseTestConfig } from "./src/testing/vitest-config.mjs";

export default databaseTestConfig();
