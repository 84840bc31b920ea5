CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`assessment_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`note` text,
	`file_name` text,
	`mime` text,
	`size` integer,
	`sha256` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evidence_response_item` ON `evidence` (`response_id`,`item_id`);--> statement-breakpoint
CREATE INDEX `evidence_assessment` ON `evidence` (`assessment_id`);--> statement-breakpoint
CREATE INDEX `evidence_sha256` ON `evidence` (`sha256`);--> statement-breakpoint
CREATE TABLE `evidence_ratings` (
	`response_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`assessment_id` integer NOT NULL,
	`rating` text NOT NULL,
	`rated_by` integer,
	`rated_at` text NOT NULL,
	PRIMARY KEY(`response_id`, `item_id`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `evidence_ratings_assessment` ON `evidence_ratings` (`assessment_id`);