-- Keeps job_counts exact inside the same transaction as every jobs write, so the status counts shown in the filter
-- bar are an indexed read of a few rows instead of a scan of the jobs table on every request.
CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs
BEGIN
  INSERT INTO job_counts (workspace_id, status, type, n) VALUES (NEW.workspace_id, NEW.status, NEW.type, 1)
  ON CONFLICT (workspace_id, status, type) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_count_update AFTER UPDATE OF status ON jobs WHEN OLD.status <> NEW.status
BEGIN
  UPDATE job_counts SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND type = OLD.type;
  INSERT INTO job_counts (workspace_id, status, type, n) VALUES (NEW.workspace_id, NEW.status, NEW.type, 1)
  ON CONFLICT (workspace_id, status, type) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs
BEGIN
  UPDATE job_counts SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND status = OLD.status AND type = OLD.type;
END;
--> statement-breakpoint
-- The chunk ledger's guard: a chunk may only be recorded by the job's current lease holder, for the next step.
-- RAISE(ABORT) fails the statement and with it the whole D1 batch, so the chunk's data writes roll back too.
CREATE TRIGGER job_chunks_guard BEFORE INSERT ON job_chunks
WHEN NOT EXISTS (
  SELECT 1 FROM jobs WHERE id = NEW.job_id AND lease_id = NEW.lease_id AND step_seq = NEW.step - 1 AND status = 'running'
)
BEGIN
  SELECT RAISE(ABORT, 'chunk_not_owned');
END;
