-- CreateEnum
CREATE TYPE "LocationPrecision" AS ENUM ('EXACT', 'ADDRESS', 'STREET', 'DISTRICT', 'POSTCODE', 'CITY');
CREATE TYPE "ContactStatus" AS ENUM ('ACTIVE', 'STOPPED', 'BLOCKED');
CREATE TYPE "Channel" AS ENUM ('SMS', 'TELEGRAM');
CREATE TYPE "ContactRole" AS ENUM ('RESIDENT', 'ADMIN');
CREATE TYPE "MemberRole" AS ENUM ('MEMBER', 'COORDINATOR');
CREATE TYPE "EventStatus" AS ENUM ('SCHEDULED', 'CANCELLED');
CREATE TYPE "SignupStatus" AS ENUM ('CONFIRMED', 'WAITLISTED', 'CANCELLED');
CREATE TYPE "AudienceKind" AS ENUM ('ORGANIZATION', 'TOPIC', 'EVENT', 'EVERYONE');
CREATE TYPE "ChannelPolicy" AS ENUM ('TELEGRAM_FIRST', 'SMS_ONLY', 'TELEGRAM_ONLY');
CREATE TYPE "Recurrence" AS ENUM ('NONE', 'DAILY', 'WEEKLY', 'MONTHLY');
CREATE TYPE "BroadcastStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED');
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "Organization" (
    "id" SERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "krs" TEXT,
    "nip" TEXT,
    "description" TEXT,
    "address" TEXT,
    "postcode" TEXT,
    "city" TEXT,
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "coordSource" TEXT,
    "coordPrecision" "LocationPrecision",
    "phone" TEXT,
    "email" TEXT,
    "website" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Category" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "namePl" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameUk" TEXT NOT NULL,
    "synonyms" TEXT[],
    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "OrganizationCategory" (
    "organizationId" INTEGER NOT NULL,
    "categoryId" INTEGER NOT NULL,
    CONSTRAINT "OrganizationCategory_pkey" PRIMARY KEY ("organizationId","categoryId")
);

CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'pl',
    "status" "ContactStatus" NOT NULL DEFAULT 'ACTIVE',
    "role" "ContactRole" NOT NULL DEFAULT 'RESIDENT',
    "displayName" TEXT,
    "homeDistrict" TEXT,
    "consentAt" TIMESTAMP(3),
    "consentChannel" "Channel",
    "consentText" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ContactIdentity" (
    "id" SERIAL NOT NULL,
    "contactId" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,
    "address" TEXT NOT NULL,
    "chatId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactIdentity_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "OrganizationMember" (
    "contactId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'MEMBER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrganizationMember_pkey" PRIMARY KEY ("contactId","organizationId")
);

CREATE TABLE "Subscription" (
    "id" SERIAL NOT NULL,
    "contactId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "categoryId" INTEGER,
    "organizationId" INTEGER,
    "channel" "Channel" NOT NULL,
    "consentText" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "categoryId" INTEGER,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "place" TEXT,
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "capacity" INTEGER,
    "status" "EventStatus" NOT NULL DEFAULT 'SCHEDULED',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Signup" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "contactId" INTEGER NOT NULL,
    "status" "SignupStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Signup_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Broadcast" (
    "id" SERIAL NOT NULL,
    "createdById" INTEGER,
    "organizationId" INTEGER,
    "audience" "AudienceKind" NOT NULL,
    "audienceRef" INTEGER,
    "channelPolicy" "ChannelPolicy" NOT NULL DEFAULT 'TELEGRAM_FIRST',
    "text" TEXT NOT NULL,
    "status" "BroadcastStatus" NOT NULL DEFAULT 'SCHEDULED',
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "recurrence" "Recurrence" NOT NULL DEFAULT 'NONE',
    "recurrenceDays" INTEGER[],
    "recurrenceTime" TEXT,
    "nextRunAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "progressChatId" TEXT,
    "progressMessageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "BroadcastRun" (
    "id" SERIAL NOT NULL,
    "broadcastId" INTEGER NOT NULL,
    "plannedAt" TIMESTAMP(3) NOT NULL,
    "status" "BroadcastStatus" NOT NULL DEFAULT 'RUNNING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "BroadcastRun_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "channel" "Channel" NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "providerMessageId" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "InboundMessage" (
    "channel" "Channel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "response" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("channel","externalId")
);

CREATE TABLE "DialogState" (
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "eTag" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "DialogState_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "details" JSONB,
    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_dedupeKey_key" ON "Organization"("dedupeKey");
CREATE UNIQUE INDEX "Organization_krs_key" ON "Organization"("krs");
CREATE INDEX "Organization_active_isDemo_idx" ON "Organization"("active", "isDemo");
CREATE UNIQUE INDEX "Category_slug_key" ON "Category"("slug");
CREATE INDEX "OrganizationCategory_categoryId_idx" ON "OrganizationCategory"("categoryId");
CREATE INDEX "ContactIdentity_contactId_idx" ON "ContactIdentity"("contactId");
CREATE UNIQUE INDEX "ContactIdentity_channel_address_key" ON "ContactIdentity"("channel", "address");
CREATE INDEX "OrganizationMember_organizationId_idx" ON "OrganizationMember"("organizationId");
CREATE INDEX "Subscription_categoryId_idx" ON "Subscription"("categoryId");
CREATE INDEX "Subscription_organizationId_idx" ON "Subscription"("organizationId");
CREATE UNIQUE INDEX "Subscription_contactId_target_key" ON "Subscription"("contactId", "target");
CREATE INDEX "Event_startsAt_idx" ON "Event"("startsAt");
CREATE INDEX "Event_organizationId_idx" ON "Event"("organizationId");
CREATE INDEX "Signup_eventId_status_createdAt_idx" ON "Signup"("eventId", "status", "createdAt");
CREATE UNIQUE INDEX "Signup_eventId_contactId_key" ON "Signup"("eventId", "contactId");
CREATE INDEX "Broadcast_status_nextRunAt_idx" ON "Broadcast"("status", "nextRunAt");
CREATE UNIQUE INDEX "BroadcastRun_broadcastId_plannedAt_key" ON "BroadcastRun"("broadcastId", "plannedAt");
CREATE UNIQUE INDEX "Delivery_providerMessageId_key" ON "Delivery"("providerMessageId");
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");
CREATE UNIQUE INDEX "Delivery_runId_contactId_key" ON "Delivery"("runId", "contactId");
CREATE INDEX "InboundMessage_receivedAt_idx" ON "InboundMessage"("receivedAt");
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- AddForeignKey
ALTER TABLE "OrganizationCategory" ADD CONSTRAINT "OrganizationCategory_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "OrganizationCategory" ADD CONSTRAINT "OrganizationCategory_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ContactIdentity" ADD CONSTRAINT "ContactIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "OrganizationMember" ADD CONSTRAINT "OrganizationMember_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "OrganizationMember" ADD CONSTRAINT "OrganizationMember_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Event" ADD CONSTRAINT "Event_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Event" ADD CONSTRAINT "Event_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Signup" ADD CONSTRAINT "Signup_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Signup" ADD CONSTRAINT "Signup_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "BroadcastRun" ADD CONSTRAINT "BroadcastRun_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_runId_fkey" FOREIGN KEY ("runId") REFERENCES "BroadcastRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;
