-- Idempotency keys live in namespaces the server chooses: `api:<user id>:<key>` and `web:<user id>:<key>` for people,
-- `webhook:<endpoint id>:<webhook-id>` for signed deliveries. Before this, API keys were stored as sent, so one
-- principal could collide with another's key (and read its job) or plant a webhook's entry. Keys of jobs created
-- through the API move into their creator's namespace; only genuine webhook and web-form keys keep their form.
UPDATE jobs
SET idempotency_key = 'api:' || coalesce(created_by, 'system') || ':' || idempotency_key
WHERE idempotency_key IS NOT NULL
  AND coalesce(created_by, '') NOT LIKE 'webhook:%'
  AND idempotency_key NOT LIKE 'web:' || coalesce(created_by, '') || ':%';
