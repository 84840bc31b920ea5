-- users.locale becomes nullable with no default: null means "follow the browser's Accept-Language".
-- Done column by column rather than by drizzle-kit's copy-and-drop of the table: migrations run inside one
-- transaction, where PRAGMA foreign_keys=OFF has no effect, so dropping `users` would cascade into sessions,
-- countries and tokens. Existing 'en' values become null: 'en' was the default every account got, and the
-- migration cannot tell it from an explicit choice; someone who did choose English on a browser asking for
-- another language picks it again in their profile. Other languages were always a choice, and are kept.
ALTER TABLE `users` ADD `locale_choice` text;--> statement-breakpoint
UPDATE `users` SET `locale_choice` = `locale` WHERE `locale` <> 'en';--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `locale`;--> statement-breakpoint
ALTER TABLE `users` RENAME COLUMN `locale_choice` TO `locale`;
