// @articulate/jobs: the one job system (pg-boss on the product's PostgreSQL).
// Jobs are listed in catalog.ts; the `jobs` app (and web, unless
// BACKGROUND_JOBS=off) runs them with startJobRunner.
export type { JobAdmin } from "./admin";
export { openJobAdmin } from "./admin";

export { jobCatalog } from "./catalog";
export type { JobContext, RegisteredJob } from "./definition";
export { defineJob } from "./definition";
export type { JobRunner } from "./runner";
export { startJobRunner } from "./runner";
