-- A turn's replies are kept as the channel-neutral replies, written in the same statement as the dialog state
-- (one round trip per turn, and a reply is kept exactly when its state is); a provider retry re-renders them.
-- Rows from before this migration lose their rendered reply: they expire within INBOUND_RETENTION_DAYS anyway, and
-- a provider retries within minutes.
ALTER TABLE "InboundMessage" ADD COLUMN "replies" JSONB;
ALTER TABLE "InboundMessage" DROP COLUMN "response";
