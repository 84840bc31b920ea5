CREATE TABLE IF NOT EXISTS `plan_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`action_id` text,
	`title` text NOT NULL,
	`lead_organisation` text NOT NULL,
	`others_involved` text DEFAULT '' NOT NULL,
	`start_date` text,
	`end_date` text,
	`cost_amount` real,
	`cost_currency` text,
	`funding_source` text NOT NULL,
	`indicator` text NOT NULL,
	`dimension_id` text,
	`baseline_kind` text NOT NULL,
	`baseline_value` real,
	`target_value` real,
	`target_date` text,
	`status` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `plan_entries_assessment` ON `plan_entries` (`assessment_id`);