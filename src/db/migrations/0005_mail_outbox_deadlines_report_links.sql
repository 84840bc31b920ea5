CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer,
	`invitation_id` integer,
	`user_id` integer,
	`kind` text NOT NULL,
	`tag` text,
	`recipient` text NOT NULL,
	`language` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`link_ref` text,
	`message_id` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` text NOT NULL,
	`claimed_at` text,
	`sent_at` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_id_unique` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_assessment` ON `outbox` (`assessment_id`);--> statement-breakpoint
CREATE INDEX `outbox_invitation` ON `outbox` (`invitation_id`,`kind`);--> statement-breakpoint
CREATE TABLE `report_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`token_seed` text NOT NULL,
	`token_lookup` text NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_links_token_lookup_unique` ON `report_links` (`token_lookup`);--> statement-breakpoint
CREATE INDEX `report_links_assessment` ON `report_links` (`assessment_id`);--> statement-breakpoint
ALTER TABLE `assessments` ADD `closes_time` text;--> statement-breakpoint
ALTER TABLE `assessments` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE `assessments` ADD `closes_at` text;--> statement-breakpoint
ALTER TABLE `assessments` ADD `reminder_days` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
UPDATE `assessments` SET `closes_at` = `closes_on` || 'T23:59:00.000Z' WHERE `closes_on` IS NOT NULL;
