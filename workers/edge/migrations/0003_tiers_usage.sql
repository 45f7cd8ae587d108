CREATE TABLE `storage_usage` (
	`user_id` text NOT NULL,
	`source` text NOT NULL,
	`day` text NOT NULL,
	`bytes` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `source`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `storage_usage_user_day_idx` ON `storage_usage` (`user_id`,`day`);--> statement-breakpoint
ALTER TABLE `usage` ADD `user_id` text;--> statement-breakpoint
CREATE INDEX `usage_user_day_idx` ON `usage` (`user_id`,`day`);--> statement-breakpoint
ALTER TABLE `users` ADD `tier` text DEFAULT 'free' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `disabled_at` integer;