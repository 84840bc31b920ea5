CREATE TABLE IF NOT EXISTS `background_answer_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`value` text,
	`source` text NOT NULL,
	`actor_user_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `background_answer_revisions_response` ON `background_answer_revisions` (`response_id`,`question_id`);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `background_answers` (
	`response_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`value` text NOT NULL,
	`revision_id` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`response_id`, `question_id`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
