-- Ask an organisation (issue 16): a resident's question thread to one organisation, its messages (answers to the
-- resident are an outbox: PENDING until sent once), the Telegram messages that showed it to the organisation's
-- people (a reply-to finds the thread through them), and the last list of organisations each contact was shown
-- (so that "ZAPYTAJ 2 …" knows which one is 2).
CREATE TYPE "QuestionStatus" AS ENUM ('OPEN', 'TAKEN', 'ANSWERED', 'CLOSED', 'ESCALATED');

CREATE TABLE "QuestionThread" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "residentId" INTEGER,
    "residentChannel" "Channel" NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "sharesNumber" BOOLEAN NOT NULL DEFAULT false,
    "status" "QuestionStatus" NOT NULL DEFAULT 'OPEN',
    "takenById" INTEGER,
    "answeredById" INTEGER,
    "sourceMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "takenAt" TIMESTAMP(3),
    "firstAnsweredAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    CONSTRAINT "QuestionThread_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "QuestionThread_sourceMessage_key" ON "QuestionThread"("sourceMessage");
CREATE INDEX "QuestionThread_residentId_status_idx" ON "QuestionThread"("residentId", "status");
CREATE INDEX "QuestionThread_organizationId_status_idx" ON "QuestionThread"("organizationId", "status");
CREATE INDEX "QuestionThread_status_createdAt_idx" ON "QuestionThread"("status", "createdAt");

CREATE TABLE "QuestionMessage" (
    "id" SERIAL NOT NULL,
    "threadId" INTEGER NOT NULL,
    "author" TEXT NOT NULL,
    "authorId" INTEGER,
    "text" TEXT NOT NULL,
    "sourceMessage" TEXT,
    "relayStatus" "DeliveryStatus",
    "relayAttempts" INTEGER NOT NULL DEFAULT 0,
    "relayedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuestionMessage_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "QuestionMessage_sourceMessage_key" ON "QuestionMessage"("sourceMessage");
CREATE INDEX "QuestionMessage_threadId_idx" ON "QuestionMessage"("threadId");
CREATE INDEX "QuestionMessage_relayStatus_idx" ON "QuestionMessage"("relayStatus");
ALTER TABLE "QuestionMessage" ADD CONSTRAINT "QuestionMessage_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "QuestionThread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "QuestionNotice" (
    "id" SERIAL NOT NULL,
    "threadId" INTEGER NOT NULL,
    "contactId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuestionNotice_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "QuestionNotice_threadId_contactId_kind_key" ON "QuestionNotice"("threadId", "contactId", "kind");
CREATE INDEX "QuestionNotice_chatId_messageId_idx" ON "QuestionNotice"("chatId", "messageId");
ALTER TABLE "QuestionNotice" ADD CONSTRAINT "QuestionNotice_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "QuestionThread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "RecentOrganizationList" (
    "contactId" INTEGER NOT NULL,
    "organizationIds" INTEGER[],
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecentOrganizationList_pkey" PRIMARY KEY ("contactId")
);
