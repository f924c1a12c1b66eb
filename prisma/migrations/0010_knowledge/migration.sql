-- #16 knowledge. Hand-edited after `pnpm db:migration:new`: the two "searchVector"
-- columns are generated (Prisma declares them Unsupported("tsvector")), so
-- PostgreSQL keeps them in step with the text and Prisma never writes them.
-- array_to_string is only STABLE, which a generated column refuses. This
-- wrapper is IMMUTABLE because joining text[] with a fixed separator is.
CREATE FUNCTION "articulate_join_text"(text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT array_to_string($1, ' ') $$;

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "btree_gin";

-- CreateEnum
CREATE TYPE "KnowledgeSourceKind" AS ENUM ('WEBSITE', 'TEXT');

-- CreateEnum
CREATE TYPE "KnowledgeImportStatus" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "KnowledgeLookupOutcome" AS ENUM ('ANSWERED', 'NO_MATCH', 'TIMED_OUT', 'FAILED');

-- CreateEnum
CREATE TYPE "KnowledgeGapStatus" AS ENUM ('OPEN', 'ANSWERED', 'DISMISSED');

-- CreateTable
CREATE TABLE "KnowledgeSource" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "kind" "KnowledgeSourceKind" NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "status" "KnowledgeImportStatus" NOT NULL DEFAULT 'PENDING',
    "progress" JSONB,
    "error" TEXT,
    "lastImportedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "KnowledgeSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgePassage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "url" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "searchVector" tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english'::regconfig, "title"), 'A') ||
      setweight(to_tsvector('english'::regconfig, "text"), 'B')
    ) STORED,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnowledgePassage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaqEntry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "alternatives" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "answer" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "searchVector" tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english'::regconfig, "question" || ' ' || coalesce("articulate_join_text"("alternatives"), '')), 'A') ||
      setweight(to_tsvector('english'::regconfig, "answer"), 'B')
    ) STORED,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FaqEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeLookup" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "outcome" "KnowledgeLookupOutcome" NOT NULL,
    "results" JSONB NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnowledgeLookup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeGap" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "callId" TEXT,
    "question" TEXT NOT NULL,
    "status" "KnowledgeGapStatus" NOT NULL DEFAULT 'OPEN',
    "faqEntryId" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnowledgeGap_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KnowledgeSource_tenantId_agentId_createdAt_idx" ON "KnowledgeSource"("tenantId", "agentId", "createdAt");

-- CreateIndex
CREATE INDEX "KnowledgeSource_kind_lastImportedAt_idx" ON "KnowledgeSource"("kind", "lastImportedAt");

-- CreateIndex
CREATE INDEX "KnowledgePassage_sourceId_position_idx" ON "KnowledgePassage"("sourceId", "position");

-- CreateIndex
CREATE INDEX "KnowledgePassage_agentId_searchVector_idx" ON "KnowledgePassage" USING GIN ("agentId" text_ops, "searchVector");

-- CreateIndex
CREATE INDEX "FaqEntry_tenantId_agentId_position_idx" ON "FaqEntry"("tenantId", "agentId", "position");

-- CreateIndex
CREATE INDEX "FaqEntry_agentId_searchVector_idx" ON "FaqEntry" USING GIN ("agentId" text_ops, "searchVector");

-- CreateIndex
CREATE UNIQUE INDEX "FaqEntry_agentId_questionKey_key" ON "FaqEntry"("agentId", "questionKey");

-- CreateIndex
CREATE INDEX "KnowledgeLookup_callId_createdAt_idx" ON "KnowledgeLookup"("callId", "createdAt");

-- CreateIndex
CREATE INDEX "KnowledgeLookup_tenantId_createdAt_idx" ON "KnowledgeLookup"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "KnowledgeGap_tenantId_agentId_status_createdAt_idx" ON "KnowledgeGap"("tenantId", "agentId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "KnowledgeGap_tenantId_status_idx" ON "KnowledgeGap"("tenantId", "status");

-- CreateIndex
CREATE INDEX "KnowledgeGap_callId_idx" ON "KnowledgeGap"("callId");

-- AddForeignKey
ALTER TABLE "KnowledgeSource" ADD CONSTRAINT "KnowledgeSource_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeSource" ADD CONSTRAINT "KnowledgeSource_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgePassage" ADD CONSTRAINT "KnowledgePassage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgePassage" ADD CONSTRAINT "KnowledgePassage_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "KnowledgeSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaqEntry" ADD CONSTRAINT "FaqEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaqEntry" ADD CONSTRAINT "FaqEntry_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeLookup" ADD CONSTRAINT "KnowledgeLookup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeLookup" ADD CONSTRAINT "KnowledgeLookup_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_faqEntryId_fkey" FOREIGN KEY ("faqEntryId") REFERENCES "FaqEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

