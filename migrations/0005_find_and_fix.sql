-- Find and fix: error signatures, an import's refused rows, and a trigram full-text index of what people search jobs
-- by (id, idempotency key / webhook-id, creator, source URL, SKUs, file name, error).
ALTER TABLE `jobs` ADD `error_signature` text;
--> statement-breakpoint
ALTER TABLE `jobs` ADD `search_id` integer;
--> statement-breakpoint
-- Partial and covering: only jobs with an error carry a signature, and the grouping reads no table rows.
CREATE INDEX `jobs_ws_signature` ON `jobs` (`workspace_id`,`error_signature`,`status`,`type`,`completed_at`,`id`) WHERE "jobs"."error_signature" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX `jobs_ws_created` ON `jobs` (`workspace_id`,`created_at`);
--> statement-breakpoint
CREATE TABLE `job_rejected_rows` (
	`job_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`row` integer NOT NULL,
	`seq` integer NOT NULL,
	`sku` text,
	`field` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`values` text,
	PRIMARY KEY(`job_id`, `row`, `seq`)
);
--> statement-breakpoint
-- The search index: one row per job, `body` the searchable text, `job_id` to join back. Trigram tokens make any
-- 3+ character fragment match (case-insensitive). A job points at its index row through `jobs.search_id`, so the
-- triggers below update and delete it by rowid, never by scanning. Large payloads are indexed by a bounded prefix:
-- the first 500 SKUs of inline rows or product lists, the first 4,000 characters of an inline CSV, and the whole
-- body is capped at 8,000 characters.
CREATE VIRTUAL TABLE `job_search` USING fts5(`job_id` UNINDEXED, `body`, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs
BEGIN
  INSERT INTO job_search (job_id, body) VALUES (NEW.id, substr(
    NEW.id || ' ' || coalesce(NEW.idempotency_key, '') || ' ' || coalesce(NEW.created_by_label, '') || ' ' ||
    coalesce(json_extract(NEW.payload, '$.source_url'), '') || ' ' ||
    coalesce(json_extract(NEW.payload, '$.file_name'), '') || ' ' ||
    coalesce((SELECT group_concat(sku, ' ') FROM (
      SELECT json_extract(value, '$.sku') AS sku FROM json_each(NEW.payload, '$.rows') WHERE type = 'object' LIMIT 500)), '') || ' ' ||
    coalesce((SELECT group_concat(sku, ' ') FROM (
      SELECT value AS sku FROM json_each(NEW.payload, '$.product_skus') LIMIT 500)), '') || ' ' ||
    coalesce(substr(json_extract(NEW.payload, '$.csv'), 1, 4000), '') || ' ' ||
    coalesce(NEW.error, ''), 1, 8000));
  UPDATE jobs SET search_id = last_insert_rowid() WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
-- What can change after creation: the error (every failure), the payload (edit and retry).
CREATE TRIGGER jobs_search_update AFTER UPDATE OF error, payload ON jobs
WHEN NEW.error IS NOT OLD.error OR NEW.payload IS NOT OLD.payload
BEGIN
  UPDATE job_search SET body = substr(
    NEW.id || ' ' || coalesce(NEW.idempotency_key, '') || ' ' || coalesce(NEW.created_by_label, '') || ' ' ||
    coalesce(json_extract(NEW.payload, '$.source_url'), '') || ' ' ||
    coalesce(json_extract(NEW.payload, '$.file_name'), '') || ' ' ||
    coalesce((SELECT group_concat(sku, ' ') FROM (
      SELECT json_extract(value, '$.sku') AS sku FROM json_each(NEW.payload, '$.rows') WHERE type = 'object' LIMIT 500)), '') || ' ' ||
    coalesce((SELECT group_concat(sku, ' ') FROM (
      SELECT value AS sku FROM json_each(NEW.payload, '$.product_skus') LIMIT 500)), '') || ' ' ||
    coalesce(substr(json_extract(NEW.payload, '$.csv'), 1, 4000), '') || ' ' ||
    coalesce(NEW.error, ''), 1, 8000)
  WHERE rowid = NEW.search_id;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs
BEGIN
  DELETE FROM job_search WHERE rowid = OLD.search_id;
  DELETE FROM job_rejected_rows WHERE job_id = OLD.id;
END;
--> statement-breakpoint
-- Jobs that existed before this migration join the index once (their error signatures start with their next error).
INSERT INTO job_search (job_id, body)
SELECT id, substr(
  id || ' ' || coalesce(idempotency_key, '') || ' ' || coalesce(created_by_label, '') || ' ' ||
  coalesce(json_extract(payload, '$.source_url'), '') || ' ' || coalesce(error, ''), 1, 8000)
FROM jobs ORDER BY rowid;
--> statement-breakpoint
UPDATE jobs SET search_id = (SELECT s.rowid FROM job_search s WHERE s.job_id = jobs.id) WHERE search_id IS NULL;
