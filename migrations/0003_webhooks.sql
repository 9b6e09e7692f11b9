CREATE TABLE `job_callbacks` (
	`id` text PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`endpoint_id` text,
	`url` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`next_attempt_at` integer,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE INDEX `job_callbacks_job` ON `job_callbacks` (`job_id`);--> statement-breakpoint
CREATE INDEX `job_callbacks_due` ON `job_callbacks` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `job_callbacks_endpoint` ON `job_callbacks` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`endpoint_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`webhook_id` text,
	`received_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`status` integer NOT NULL,
	`reason` text,
	`job_id` text
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint` ON `webhook_deliveries` (`endpoint_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_receipts` (
	`endpoint_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`body_sha256` text NOT NULL,
	`job_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`endpoint_id`, `webhook_id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_receipts_received` ON `webhook_receipts` (`received_at`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `webhook_endpoint_id` text;