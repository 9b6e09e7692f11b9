CREATE TABLE `duty_findings` (
	`job_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`sku` text NOT NULL,
	`kind` text NOT NULL,
	`destination` text NOT NULL,
	`currency` text NOT NULL,
	`from_rate` real NOT NULL,
	`to_rate` real NOT NULL,
	`saving_cents` integer NOT NULL,
	`detail` text NOT NULL,
	`hs_code` text,
	`origin_country` text,
	`scheme` text,
	PRIMARY KEY(`job_id`, `sku`, `kind`)
);
--> statement-breakpoint
CREATE INDEX `duty_findings_job_saving` ON `duty_findings` (`job_id`,`saving_cents`);