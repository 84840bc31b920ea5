CREATE TABLE `instrument_item_positions` (
	`instrument_version` text NOT NULL,
	`item_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`instrument_version`, `item_id`),
	FOREIGN KEY (`instrument_version`) REFERENCES `instrument_versions`(`version`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `responses` ADD `answer_vector` text;