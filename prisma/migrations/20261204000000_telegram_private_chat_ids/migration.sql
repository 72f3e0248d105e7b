-- Conversations happen only in private chats now, where the chat id is the user's id. Before that fix a Telegram
-- identity could have recorded a group's id as the person's chat, so their reminders, broadcasts and answers went
-- to the group. A private chat's id equals the user's id: set it so for every Telegram identity.
UPDATE "ContactIdentity" SET "chatId" = "address" WHERE "channel" = 'TELEGRAM' AND ("chatId" IS NULL OR "chatId" <> "address");
