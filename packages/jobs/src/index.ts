// @articulate/jobs: the one job system (pg-boss on the product's PostgreSQL).
// Jobs are listed in catalog.ts; the `jobs` app (and web, unless
// BACKGROUND_JOBS=off) runs them with startJobRunner.
export type { DeadJob, JobAdmin, QueueSummary } from "./admin";
export { openJobAdmin } from "./admin";
export type { JobDependencies } from "./catalog";
export { jobCatalog, NOTIFICATION_RETRY } from "./catalog";
export type { JobContext, JobDefinition, RegisteredJob, RetryPolicy } from "./definition";
export { deadLetterQueue, defineJob } from "./definition";
export type { JobRunner, JobRunnerOptions } from "./runner";
export { startJobRunner } from "./runner";
