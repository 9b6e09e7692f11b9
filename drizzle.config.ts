// drizzle-kit generates the SQL migrations in migrations/ from worker/db/schema.ts (no credentials needed).
import { defineConfig } from "drizzle-kit";

export default defineConfig({ dialect: "sqlite", schema: "./worker/db/schema.ts", out: "./migrations" });
