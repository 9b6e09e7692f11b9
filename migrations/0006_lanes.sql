-- Lanes (DESIGN.md "Lanes"): a workspace's running limit, priorities, paused job types, and admission. A job holds
-- one of its workspace's slots from admission until it leaves pending/running; only admitted jobs are on the queue.
-- Jobs pending or running when this runs were enqueued already, so they start admitted.
CREATE TABLE `lane_pauses` (
	`workspace_id` text NOT NULL,
	`type` text NOT NULL,
	`paused_by` text NOT NULL,
	`paused_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `type`)
);
--> statement-breakpoint
CREATE TABLE `workspace_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `workspace_audit_ws` ON `workspace_audit` (`workspace_id`,`id`);--> statement-breakpoint
CREATE INDEX `workspace_audit_at` ON `workspace_audit` (`at`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `priority` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `admitted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `paused_by` text;--> statement-breakpoint
CREATE INDEX `jobs_ws_waiting` ON `jobs` (`workspace_id`,`priority`,`id`) WHERE status = 'pending' AND admitted = 0;--> statement-breakpoint
CREATE INDEX `jobs_ws_admitted` ON `jobs` (`workspace_id`,`status`) WHERE admitted = 1;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `max_running` integer DEFAULT 4 NOT NULL;--> statement-breakpoint
UPDATE `jobs` SET `admitted` = 1 WHERE `status` IN ('pending', 'running');
