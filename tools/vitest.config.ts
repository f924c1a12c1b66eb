import { databaseTestConfig } from "../packages/db/src/testing/vitest-config";

// Repository checks (docker-compose.yml, .env.example) and the demo seed, on a fresh test database.
export default databaseTestConfig();
