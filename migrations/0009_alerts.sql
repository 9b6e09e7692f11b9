-- Alerts (DESIGN.md "Alerts"): rules, the incidents they open (one firing per rule, by a partial unique index) and
-- the deliveries of each opening and resolution (one per incident and event).
CREATE TABLE `alert_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`incident_id` text,
	`event` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`next_attempt_at` integer,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_deliveries_once` ON `alert_deliveries` (`incident_id`,`event`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_rule` ON `alert_deliveries` (`rule_id`,`id`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_due` ON `alert_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_created` ON `alert_deliveries` (`created_at`);--> statement-breakpoint
CREATE TABLE `alert_incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`state` text NOT NULL,
	`opened_at` integer NOT NULL,
	`resolved_at` integer,
	`summary` text NOT NULL,
	`job_ids` text NOT NULL,
	`job_count` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_incidents_one_firing` ON `alert_incidents` (`rule_id`) WHERE state = 'firing';--> statement-breakpoint
CREATE INDEX `alert_incidents_ws_state` ON `alert_incidents` (`workspace_id`,`state`,`id`);--> statement-breakpoint
CREATE INDEX `alert_incidents_ws` ON `alert_incidents` (`workspace_id`,`id`);--> statement-breakpoint
CREATE INDEX `alert_incidents_resolved` ON `alert_incidents` (`state`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`type` text,
	`threshold` real,
	`window_minutes` integer,
	`min_jobs` integer,
	`channel_kind` text NOT NULL,
	`channel_url` text NOT NULL,
	`secret_sealed` text,
	`link_origin` text NOT NULL,
	`disabled_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_rules_ws` ON `alert_rules` (`workspace_id`,`id`);