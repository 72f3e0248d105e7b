-- Replies to a network bulletin (issue 17) are question threads addressed to the bulletin's sending organisation:
-- the member who replied is the thread's "resident", and the thread names the bulletin.
ALTER TABLE "QuestionThread" ADD COLUMN "bulletinId" INTEGER;
CREATE INDEX "QuestionThread_bulletinId_residentId_idx" ON "QuestionThread"("bulletinId", "residentId");
