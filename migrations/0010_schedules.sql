-- Schedules (DESIGN.md "Schedules"): cron schedules per workspace, one schedule_runs row per due time (the key that
-- makes each fire once), and on jobs the time a job was asked to start and the schedule that made it.
CREATE TABLE `schedule_runs` (
	`schedule_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`job_id` text,
	`detail` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`schedule_id`, `due_at`)
);
--> statement-breakpoint
CREATE INDEX `schedule_runs_outcome` ON `schedule_runs` (`outcome`,`created_at`);--> statement-breakpoint
CREATE INDEX `schedule_runs_created` ON `schedule_runs` (`created_at`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`cron` text NOT NULL,
	`timezone` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`priority` integer DEFAULT 1 NOT NULL,
	`overlap` text NOT NULL,
	`paused_at` integer,
	`paused_by` text,
	`next_run_at` integer,
	`last_run_at` integer,
	`last_job_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `schedules_ws` ON `schedules` (`workspace_id`,`id`);--> statement-breakpoint
CREATE INDEX `schedules_due` ON `schedules` (`next_run_at`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `run_at` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `schedule_id` text;