-- Who sent an inbound message, so that "delete my data" also removes the replies we keep for provider retries.
-- Rows expire with INBOUND_RETENTION_DAYS.
ALTER TABLE "InboundMessage" ADD COLUMN "sender" TEXT;

CREATE INDEX "InboundMessage_channel_sender_idx" ON "InboundMessage"("channel", "sender");
