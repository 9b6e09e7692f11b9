// The outbound client: the URL policy on every redirect hop, no https→http downgrade, bounded chains, redirects
// refused where a 3xx is the answer, and errors that name host and reason without the query string.

import { describe, expect, it } from "vitest";
import { OutboundRefused } from "../../worker/api/errors.ts";
import { MAX_REDIRECTS, outboundFetch } from "../../worker/jobs/outbound.ts";

/** A fetcher that answers from a table of URL → response, recording what was asked. */
function fakeFetcher(answers: Record<string, () => Response>, asked: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    asked.push(url);
    expect(init?.redirect).toBe("manual");
    const answer = answers[url];
    if (!answer) throw new Error(`unexpected fetch of ${url}`);
    return answer();
  }) as typeof fetch;
}

const redirect =
  (to: string, status = 302) =>
  () =>
    new Response(null, { status, headers: { location: to } });
const ok = () => new Response("sku\n", { status: 200 });
const production = { production: true, label: "source URL", redirects: "follow" as const, timeoutMs: 1000 };

describe("outboundFetch", () => {
  it("follows allowed redirects, checking each hop", async () => {
    const asked: string[] = [];
    const fetcher = fakeFetcher(
      {
        "https://files.example.com/a.csv": redirect("/b.csv", 301),
        "https://files.example.com/b.csv": redirect("https://cdn.example.net/b.csv?sig=1"),
        "https://cdn.example.net/b.csv?sig=1": ok,
      },
      asked,
    );
    const response = await outboundFetch("https://files.example.com/a.csv", {}, { ...production, fetcher });
    expect(response.status).toBe(200);
    expect(asked).toHaveLength(3);
  });

  it("refuses a hop to a private address, to plain http, and from https down to http", async () => {
    const cases: [string, RegExp][] = [
      ["https://169.254.169.254/latest", /redirected to a refused URL/],
      ["https://10.0.0.7/x.csv", /redirected to a refused URL/],
      ["http://files.example.com/x.csv", /redirected to a refused URL/],
    ];
    for (const [target, message] of cases) {
      const fetcher = fakeFetcher({ "https://files.example.com/a.csv": redirect(target) });
      await expect(outboundFetch("https://files.example.com/a.csv", {}, { ...production, fetcher })).rejects.toThrow(
        message,
      );
    }
    // Locally plain http is allowed for loopback, but never after https.
    const local = { ...production, production: false };
    const fetcher = fakeFetcher({ "https://files.example.com/a.csv": redirect("http://127.0.0.1:9000/x.csv") });
    const downgrade = outboundFetch("https://files.example.com/a.csv", {}, { ...local, fetcher });
    await expect(downgrade).rejects.toThrow(/redirected from https to plain http/);
    await expect(downgrade).rejects.toBeInstanceOf(OutboundRefused);
  });

  it("refuses the first URL by the same policy, and chains longer than the limit", async () => {
    const never = fakeFetcher({});
    await expect(outboundFetch("http://10.1.2.3/a.csv", {}, { ...production, fetcher: never })).rejects.toThrow(
      OutboundRefused,
    );
    const loop: Record<string, () => Response> = {};
    for (let i = 0; i <= MAX_REDIRECTS + 1; i++) loop[`https://a.example.com/${i}`] = redirect(`/${i + 1}`);
    await expect(
      outboundFetch("https://a.example.com/0", {}, { ...production, fetcher: fakeFetcher(loop) }),
    ).rejects.toThrow(`redirected more than ${MAX_REDIRECTS} times`);
  });

  it("hands back a redirect as the answer when redirects are refused (callbacks)", async () => {
    const asked: string[] = [];
    const fetcher = fakeFetcher({ "https://hooks.example.com/in": redirect("https://10.0.0.1/") }, asked);
    const response = await outboundFetch(
      "https://hooks.example.com/in",
      { method: "POST" },
      { ...production, label: "callback URL", redirects: "refuse", fetcher },
    );
    expect(response.status).toBe(302);
    expect(asked).toEqual(["https://hooks.example.com/in"]);
  });

  it("names host, path and reason of a network failure, never the query string", async () => {
    const fetcher = (async () => {
      throw new Error("Network connection lost.");
    }) as typeof fetch;
    await expect(
      outboundFetch("https://files.example.com/a.csv?token=s3cr3t", {}, { ...production, fetcher }),
    ).rejects.toThrow(/^source URL files\.example\.com\/a\.csv could not be reached: network connection lost$/);
  });
});
