-- Delivery rows of runs finished more than DELIVERY_RETENTION_DAYS ago are removed by retention; the run keeps
-- their counts by status and by failure code, so its reports stay the same (issue 14, item 10).
ALTER TABLE "BroadcastRun" ADD COLUMN "archivedCounts" JSONB;
