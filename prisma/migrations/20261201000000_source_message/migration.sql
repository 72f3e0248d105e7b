-- A broadcast or event created by a chat turn remembers the inbound message ("<channel>:<message id>"), so that
-- the provider's retry of a turn whose state write failed finds it instead of creating it again (issue 14, item 5).
ALTER TABLE "Broadcast" ADD COLUMN "sourceMessage" TEXT;
ALTER TABLE "Event" ADD COLUMN "sourceMessage" TEXT;
CREATE UNIQUE INDEX "Broadcast_sourceMessage_key" ON "Broadcast"("sourceMessage");
CREATE UNIQUE INDEX "Event_sourceMessage_key" ON "Event"("sourceMessage");
