CREATE TABLE `sign_in_failures` (
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`failures` integer NOT NULL,
	`started_at` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`wait_until` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scope`, `subject`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_last` ON `sign_in_failures` (`last_failure_at`);