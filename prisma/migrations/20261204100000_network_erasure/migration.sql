-- Erasure reaches the network's records (issue 17): a contact who deletes their data leaves profile changes and
-- approvals anonymous (the rows stay for the audit and the city's counts).
ALTER TABLE "ProfileChange" ADD CONSTRAINT "ProfileChange_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;
