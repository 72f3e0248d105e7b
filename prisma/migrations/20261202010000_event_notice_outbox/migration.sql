-- Event notices become an outbox (issue 14, item 12): written with the change that causes them, marked SENT only
-- after the send, retried with backoff. Rows written before this migration were sent (the old row meant "sent").
ALTER TABLE "EventNotice" ADD COLUMN "status" "DeliveryStatus" NOT NULL DEFAULT 'SENT';
ALTER TABLE "EventNotice" ALTER COLUMN "status" SET DEFAULT 'PENDING';
ALTER TABLE "EventNotice" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "EventNotice" ADD COLUMN "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "EventNotice" ADD COLUMN "claimedAt" TIMESTAMP(3);
ALTER TABLE "EventNotice" ALTER COLUMN "sentAt" DROP NOT NULL;
ALTER TABLE "EventNotice" ALTER COLUMN "sentAt" DROP DEFAULT;
CREATE INDEX "EventNotice_status_nextAttemptAt_idx" ON "EventNotice"("status", "nextAttemptAt");
