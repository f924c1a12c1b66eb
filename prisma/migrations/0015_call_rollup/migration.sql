-- CreateTable
CREATE TABLE "CallRollup" (
    "tenantId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "hour" SMALLINT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "messageTaken" INTEGER NOT NULL DEFAULT 0,
    "transferred" INTEGER NOT NULL DEFAULT 0,
    "spam" INTEGER NOT NULL DEFAULT 0,
    "abandoned" INTEGER NOT NULL DEFAULT 0,
    "other" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CallRollup_pkey" PRIMARY KEY ("tenantId","day","hour")
);

-- AddForeignKey
ALTER TABLE "CallRollup" ADD CONSTRAINT "CallRollup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill from the calls already finalized (tests excluded), bucketed in each tenant's timezone.
INSERT INTO "CallRollup" ("tenantId", "day", "hour", "calls", "answered", "blocked", "resolved", "messageTaken",
                          "transferred", "spam", "abandoned", "other")
SELECT c."tenantId",
       (c."startedAt" AT TIME ZONE t."timezone")::date,
       EXTRACT(HOUR FROM c."startedAt" AT TIME ZONE t."timezone")::smallint,
       count(*),
       count(*) FILTER (WHERE c."answeredAt" IS NOT NULL),
       count(*) FILTER (WHERE c."endReason" = 'BLOCKED'),
       count(*) FILTER (WHERE c."outcome" = 'RESOLVED' AND c."endReason" IS DISTINCT FROM 'BLOCKED'),
       count(*) FILTER (WHERE c."outcome" = 'MESSAGE_TAKEN' AND c."endReason" IS DISTINCT FROM 'BLOCKED'),
       count(*) FILTER (WHERE c."outcome" = 'TRANSFERRED' AND c."endReason" IS DISTINCT FROM 'BLOCKED'),
       count(*) FILTER (WHERE c."outcome" = 'SPAM' AND c."endReason" IS DISTINCT FROM 'BLOCKED'),
       count(*) FILTER (WHERE c."outcome" = 'ABANDONED' AND c."endReason" IS DISTINCT FROM 'BLOCKED'),
       count(*) FILTER (WHERE c."outcome" = 'OTHER' AND c."endReason" IS DISTINCT FROM 'BLOCKED')
  FROM "Call" c JOIN "Tenant" t ON t."id" = c."tenantId"
 WHERE c."endedAt" IS NOT NULL AND NOT c."isTest"
 GROUP BY 1, 2, 3;
