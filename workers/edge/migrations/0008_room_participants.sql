CREATE TABLE `room_participants` (
	`user_id` text NOT NULL,
	`room_id` text NOT NULL,
	`first_joined_at` integer NOT NULL,
	`last_joined_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `room_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_participants_recent_idx` ON `room_participants` (`user_id`,`last_joined_at`);