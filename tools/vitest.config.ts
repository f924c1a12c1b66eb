import path from "node:path";
import { databaseTestConfig } from "@articulate/db/vitest-config";

// Repository checks (docker-compose.yml, .env.example) and the demo seed, on a fresh test database.
// The checks import the apps' env schemas, so the web app's "@/" alias must resolve here too.
export default databaseTestConfig(
  {},
  { resolve: { alias: { "@": path.resolve(import.meta.dirname, "../apps/web/src") } } },
);
