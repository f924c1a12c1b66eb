import { databaseTestConfig } from "@articulate/db/vitest-config";

export default databaseTestConfig();
