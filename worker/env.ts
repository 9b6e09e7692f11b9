// Hono's environment for this app: the Worker bindings plus what middleware loads for a request.
import type { Principal } from "./api/principal.ts";

export type AppEnv = {
  Bindings: Env;
  Variables: { principal: Principal };
};
