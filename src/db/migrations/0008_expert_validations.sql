CREATE TABLE `validation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`unit_key` text NOT NULL,
	`dimension_id` text NOT NULL,
	`kind` text NOT NULL,
	`details` text,
	`note` text,
	`actor_user_id` integer,
	`actor_label` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `validation_events_unit` ON `validation_events` (`assessment_id`,`unit_key`,`dimension_id`);--> statement-breakpoint
CREATE TABLE `validations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`organisation_id` integer,
	`unit_key` text NOT NULL,
	`dimension_id` text NOT NULL,
	`level_id` text NOT NULL,
	`status` text NOT NULL,
	`current` real NOT NULL,
	`target` real,
	`confidence` text NOT NULL,
	`evidence_rating` text NOT NULL,
	`rationale` text,
	`self_current` real NOT NULL,
	`contested_current` real,
	`contest_note` text,
	`decided_by` integer,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `validations_unit` ON `validations` (`assessment_id`,`unit_key`,`dimension_id`);