-- CreateTable
CREATE TABLE "InviteCode" (
    "code" TEXT NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "role" "MemberRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedById" INTEGER,
    CONSTRAINT "InviteCode_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "InviteCode_organizationId_idx" ON "InviteCode"("organizationId");
