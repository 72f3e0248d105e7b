-- Messages the network's jobs send once per subject and period (the yearly "confirm your entry" reminder, the
-- administrators' weekly digest of profile changes): written before the send, so a restart does not repeat them.
CREATE TABLE "NetworkNotice" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NetworkNotice_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "NetworkNotice_kind_subject_period_key" ON "NetworkNotice"("kind", "subject", "period");
