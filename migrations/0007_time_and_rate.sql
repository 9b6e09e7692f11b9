-- Time and rate (DESIGN.md "Time and rate"): each job keeps its time spent running and its pace (for the rate and
-- an ETA band), and job_metrics holds per-minute counters, histograms and gauges per workspace and type.
CREATE TABLE `job_metrics` (
	`workspace_id` text NOT NULL,
	`resolution` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`type` text NOT NULL,
	`metric` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `resolution`, `bucket_start`, `type`, `metric`)
);
--> statement-breakpoint
CREATE INDEX `job_metrics_age` ON `job_metrics` (`resolution`,`bucket_start`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `run_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `last_chunk_at` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `done_fraction` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `pace_ms` real;--> statement-breakpoint
ALTER TABLE `jobs` ADD `pace_var` real;--> statement-breakpoint
ALTER TABLE `jobs` ADD `chunk_fraction` real;--> statement-breakpoint
ALTER TABLE `jobs` ADD `pace_chunks` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `items_rate` real;