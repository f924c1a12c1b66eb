import { databaseTestConfig } from "./src/testing/vitest-config";

export default databaseTestConfig();
