import { databaseTestConfig } from "../../packages/db/src/testing/vitest-config";

export default databaseTestConfig();
