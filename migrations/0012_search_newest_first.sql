-- Search newest first without reading every match. A search used to collect all of its matches (the IN list of
-- job_search) before the newest 50 were picked: 3 % of a million jobs is 30,000 ids for one page. Now the index's
-- rowid says when its job was created: one slot of 8,192 rowids per millisecond since 2024-01-01 (the time part of
-- the job's ULID), newer milliseconds first, so FTS5 walks the matches newest first and stops at a page
-- (worker/db/jobs/search.ts; search-slots.ts has this formula in TypeScript). Within a slot rowids are given
-- in insertion order; the list re-sorts a page's last millisecond by id. Rowids stay below 2^53 so they survive
-- JavaScript numbers. Past 2058, or with more than 8,192 jobs created in one millisecond, a row takes the free rowid
-- before every other (it sorts first, out of its slot): no insert ever fails on the index.
CREATE TABLE `job_search_renumber` (
	`old_id` integer PRIMARY KEY NOT NULL,
	`new_id` integer NOT NULL,
	`job_id` text NOT NULL,
	`body` text
);
--> statement-breakpoint
INSERT INTO job_search_renumber (old_id, new_id, job_id, body)
SELECT rowid, CASE WHEN seq < 8192 THEN base + seq ELSE -overall END, job_id, body
FROM (
  SELECT rowid, job_id, body, base,
    row_number() OVER (PARTITION BY base ORDER BY job_id) - 1 AS seq,
    row_number() OVER (ORDER BY job_id) AS overall
  FROM (SELECT rowid, job_id, body, (1099511627775 - max(0, min(1099511627775, ((instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 1, 1)) - 1) * 35184372088832 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 2, 1)) - 1) * 1099511627776 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 3, 1)) - 1) * 34359738368 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 4, 1)) - 1) * 1073741824 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 5, 1)) - 1) * 33554432 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 6, 1)) - 1) * 1048576 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 7, 1)) - 1) * 32768 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 8, 1)) - 1) * 1024 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 9, 1)) - 1) * 32 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(job_id, 10, 1)) - 1) * 1) - 1704067200000))) * 8192 AS base FROM job_search)
);
--> statement-breakpoint
DELETE FROM job_search;
--> statement-breakpoint
INSERT INTO job_search (rowid, job_id, body) SELECT new_id, job_id, body FROM job_search_renumber;
--> statement-breakpoint
UPDATE jobs SET search_id = (SELECT r.new_id FROM job_search_renumber r WHERE r.old_id = jobs.search_id)
WHERE search_id IS NOT NULL;
--> statement-breakpoint
DROP TABLE job_search_renumber;
--> statement-breakpoint
DROP TRIGGER jobs_search_insert;
--> statement-breakpoint
CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs
BEGIN
  INSERT INTO job_search (rowid, job_id, body)
  SELECT CASE WHEN slot.next < slot.base + 8192 THEN slot.next
    ELSE (SELECT coalesce(min(rowid), 0) FROM job_search) - 1 END,
    NEW.id, substr(
      NEW.id || ' ' || coalesce(NEW.idempotency_key, '') || ' ' || coalesce(NEW.created_by_label, '') || ' ' ||
      coalesce(json_extract(NEW.payload, '$.source_url'), '') || ' ' ||
      coalesce(json_extract(NEW.payload, '$.file_name'), '') || ' ' ||
      coalesce((SELECT group_concat(sku, ' ') FROM (
        SELECT json_extract(value, '$.sku') AS sku FROM json_each(NEW.payload, '$.rows') WHERE type = 'object' LIMIT 500)), '') || ' ' ||
      coalesce((SELECT group_concat(sku, ' ') FROM (
        SELECT value AS sku FROM json_each(NEW.payload, '$.product_skus') LIMIT 500)), '') || ' ' ||
      coalesce(substr(json_extract(NEW.payload, '$.csv'), 1, 4000), '') || ' ' ||
      coalesce(NEW.error, ''), 1, 8000)
  FROM (
    SELECT k.base, coalesce((SELECT s.rowid + 1 FROM job_search s WHERE s.rowid >= k.base AND s.rowid < k.base + 8192
      ORDER BY s.rowid DESC LIMIT 1), k.base) AS next
    FROM (SELECT (1099511627775 - max(0, min(1099511627775, ((instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 1, 1)) - 1) * 35184372088832 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 2, 1)) - 1) * 1099511627776 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 3, 1)) - 1) * 34359738368 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 4, 1)) - 1) * 1073741824 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 5, 1)) - 1) * 33554432 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 6, 1)) - 1) * 1048576 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 7, 1)) - 1) * 32768 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 8, 1)) - 1) * 1024 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 9, 1)) - 1) * 32 + (instr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substr(NEW.id, 10, 1)) - 1) * 1) - 1704067200000))) * 8192 AS base) k
  ) slot;
  UPDATE jobs SET search_id = last_insert_rowid() WHERE rowid = NEW.rowid;
END;
