-- CreateTable
CREATE TABLE "EventNotice" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "contactId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EventNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventNotice_eventId_idx" ON "EventNotice"("eventId");
CREATE UNIQUE INDEX "EventNotice_eventId_contactId_kind_key" ON "EventNotice"("eventId", "contactId", "kind");
