-- Retention and archive (DESIGN.md): per-workspace retention days per ended status, the archive's parts (an R2
-- object each) and the claims that tie a job to the one part archiving it, and the pruner's index of ended jobs.
CREATE TABLE `archive_claims` (
	`job_id` text PRIMARY KEY NOT NULL,
	`part_id` text NOT NULL,
	`rev` text NOT NULL,
	`kept` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `archive_claims_part` ON `archive_claims` (`part_id`);--> statement-breakpoint
CREATE TABLE `archive_parts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`day` text NOT NULL,
	`key` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`state` text NOT NULL,
	`jobs` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`rejected_rows` integer DEFAULT 0 NOT NULL,
	`findings` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`written_at` integer
);
--> statement-breakpoint
CREATE INDEX `archive_parts_ws_day` ON `archive_parts` (`workspace_id`,`day`,`id`);--> statement-breakpoint
CREATE INDEX `archive_parts_state` ON `archive_parts` (`state`,`created_at`);--> statement-breakpoint
ALTER TABLE `workspaces` ADD `retention_completed_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `retention_failed_days` integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `retention_dead_letter_days` integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `retention_cancelled_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
CREATE INDEX `jobs_ws_status_completed` ON `jobs` (`workspace_id`,`status`,`completed_at`) WHERE completed_at IS NOT NULL;