// The one runtime module the floor worker imports, declared for the Node-typed check of bench/ (see bindings.ts).
declare module "cloudflare:workers" {
  export class DurableObject<Env = unknown> {
    protected readonly ctx: import("./bindings.ts").DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: import("./bindings.ts").DurableObjectState, env: Env);
  }
}
