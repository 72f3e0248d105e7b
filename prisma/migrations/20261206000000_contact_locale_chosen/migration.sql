-- An explicit language choice (JĘZYK / LANGUAGE / МОВА) belongs to the person, not to one conversation's state
-- (which expires): replies stay in it until the person changes it.
ALTER TABLE "Contact" ADD COLUMN "localeChosen" BOOLEAN NOT NULL DEFAULT false;
