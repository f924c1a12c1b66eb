import path from "node:path";
import { databaseTestConfig } from "../packages/db/src/testing/vitest-config";

// Repository checks (docker-compose.yml, .env.example) and the demo seed, on a fresh test database.
// "@/" is the web app's alias: the checks import its env module.
export default databaseTestConfig(
  {},
  { resolve: { alias: { "@": path.resolve(import.meta.dirname, "../apps/web/src") } } },
);
