// One throttled credential check for every way in: the token API is throttled like the login page, a lock on one
// holds on the other, and an unknown email does exactly the same database work as a known one.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { workspaces } from "../../worker/db/schema.ts";
import { checkCredentials, EMAIL_FAILURE_LIMIT, IP_FAILURE_LIMIT } from "../../worker/middleware/credential-check.ts";
import { api } from "../support/workerd/api.ts";
import { makeLoginUser, page, slug } from "../support/workerd/pages.ts";

const PASSWORD = "correct horse battery";
const db = () => makeDb(env.DB);

let addresses = 0;
/** A distinct client address per call, so the per-address throttle of one test never reaches another. */
const ip = () => {
  addresses++;
  return `203.0.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
};

async function newUser(prefix: string) {
  const ws = { id: newId(), slug: slug() };
  await db().insert(workspaces).values({ id: ws.id, slug: ws.slug, name: ws.slug, createdAt: Date.now() });
  const user = await makeLoginUser(`${prefix}-${newId()}@example.test`, PASSWORD, [
    { workspaceId: ws.id, role: "admin" },
  ]);
  return { ...user, workspace: ws.slug };
}

const tokenRequest = (email: string, password: string, workspace: string, address: string) =>
  api("POST", "/api/v1/tokens", { body: { email, password, workspace }, headers: { "cf-connecting-ip": address } });

const pageLogin = (email: string, password: string, address: string) =>
  page("POST", "/login", { form: { email, password }, headers: { "cf-connecting-ip": address } });

describe("POST /api/v1/tokens throttling", () => {
  it("locks an email after 5 wrong passwords: 429 with Retry-After, even for the right password", async () => {
    const user = await newUser("api-guess");
    for (let i = 0; i < EMAIL_FAILURE_LIMIT; i++) {
      expect((await tokenRequest(user.email, `guess ${i}`, user.workspace, ip())).status).toBe(401);
    }
    const blocked = await tokenRequest(user.email, PASSWORD, user.workspace, ip());
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("throttled");
    expect(blocked.json.error.message).toContain("Too many failed sign-in attempts");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(blocked.json.token).toBeUndefined();
  });

  it("refuses a token for an account the login page has locked, and locks the page after API failures", async () => {
    const lockedOnPage = await newUser("page-lock");
    for (let i = 0; i < EMAIL_FAILURE_LIMIT; i++) {
      expect((await pageLogin(lockedOnPage.email, `guess ${i}`, ip())).status).toBe(401);
    }
    const viaApi = await tokenRequest(lockedOnPage.email, PASSWORD, lockedOnPage.workspace, ip());
    expect(viaApi.status).toBe(429);
    expect(Number(viaApi.headers.get("retry-after"))).toBeGreaterThan(800);

    const lockedViaApi = await newUser("api-lock");
    for (let i = 0; i < EMAIL_FAILURE_LIMIT; i++) {
      expect((await tokenRequest(lockedViaApi.email, `guess ${i}`, lockedViaApi.workspace, ip())).status).toBe(401);
    }
    const onPage = await pageLogin(lockedViaApi.email, PASSWORD, ip());
    expect(onPage.status).toBe(429);
    expect(onPage.headers.get("retry-after")).toBe(viaApi.headers.get("retry-after"));
  });

  it("locks an address that sprays many emails, while other addresses still get tokens", async () => {
    const user = await newUser("api-spray");
    const address = ip();
    for (let i = 0; i < IP_FAILURE_LIMIT; i++) {
      expect((await tokenRequest(`spray-${i}-${newId()}@example.test`, "x", user.workspace, address)).status).toBe(401);
    }
    expect((await tokenRequest(user.email, PASSWORD, user.workspace, address)).status).toBe(429);
    expect((await tokenRequest(user.email, PASSWORD, user.workspace, ip())).status).toBe(201);
  });

  it("counts a right password for a workspace the user is not in as a failure", async () => {
    const user = await newUser("api-other-ws");
    for (let i = 0; i < EMAIL_FAILURE_LIMIT; i++) {
      expect((await tokenRequest(user.email, PASSWORD, "globex-or-nothing", ip())).status).toBe(401);
    }
    expect((await tokenRequest(user.email, PASSWORD, user.workspace, ip())).status).toBe(429);
  });
});

/** A D1 binding that records every SQL statement prepared through it, in order. */
function recordingD1(log: string[]): D1Database {
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (query: string) => {
          log.push(query);
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("checkCredentials", () => {
  it("runs the same statements for an unknown email as for a known email with a wrong password", async () => {
    const user = await newUser("same-work");
    const known: string[] = [];
    const unknown: string[] = [];
    const now = Date.now();
    const knownVerdict = await checkCredentials(makeDb(recordingD1(known)), {
      email: user.email,
      password: "wrong",
      clientAddress: ip(),
      workspace: user.workspace,
      now,
    });
    const unknownVerdict = await checkCredentials(makeDb(recordingD1(unknown)), {
      email: `nobody-${newId()}@example.test`,
      password: "wrong",
      clientAddress: ip(),
      workspace: user.workspace,
      now,
    });
    expect(knownVerdict).toEqual({ kind: "bad" });
    expect(unknownVerdict).toEqual({ kind: "bad" });
    expect(known.length).toBeGreaterThanOrEqual(4);
    expect(unknown).toEqual(known);
  });
});
