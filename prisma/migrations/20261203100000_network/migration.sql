-- The NGO network (issue 17): four-eyes approval for wide sends and sensitive profile changes, network bulletins
-- (a broadcast to other organisations' members with a filter) and the members' choice of what they receive,
-- organisation profiles kept by the organisations with their audit history.
ALTER TYPE "AudienceKind" ADD VALUE 'NETWORK';
ALTER TYPE "BroadcastStatus" ADD VALUE 'PENDING_APPROVAL';
ALTER TYPE "BroadcastStatus" ADD VALUE 'REJECTED';
ALTER TABLE "Broadcast" ADD COLUMN "audienceFilter" JSONB;
ALTER TABLE "Organization" ADD COLUMN "hours" TEXT;
ALTER TABLE "Organization" ADD COLUMN "confirmedAt" TIMESTAMP(3);
ALTER TABLE "Organization" ADD COLUMN "fieldsSetAt" JSONB;

CREATE TYPE "ApprovalStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

CREATE TABLE "Approval" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "requestedById" INTEGER,
    "reasons" TEXT[],
    "status" "ApprovalStatus" NOT NULL DEFAULT 'PENDING',
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "reason" TEXT,
    "overdueAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Approval_kind_subjectId_key" ON "Approval"("kind", "subjectId");
CREATE INDEX "Approval_status_idx" ON "Approval"("status");

CREATE TABLE "NetworkPreference" (
    "contactId" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "categoryIds" INTEGER[],
    "channel" "Channel" NOT NULL,
    "consentText" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "NetworkPreference_pkey" PRIMARY KEY ("contactId")
);
ALTER TABLE "NetworkPreference" ADD CONSTRAINT "NetworkPreference_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ProfileChange" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "status" TEXT NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),
    CONSTRAINT "ProfileChange_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ProfileChange_organizationId_createdAt_idx" ON "ProfileChange"("organizationId", "createdAt");
ALTER TABLE "ProfileChange" ADD CONSTRAINT "ProfileChange_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
