-- CreateTable
CREATE TABLE "SenderQuota" (
    "channel" "Channel" NOT NULL,
    "address" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "SenderQuota_pkey" PRIMARY KEY ("channel","address")
);
