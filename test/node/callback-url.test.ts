// The SSRF gate for callback URLs: public https hosts pass; loopback, private, reserved and disguised addresses do not.
import { describe, expect, it } from "vitest";
import { type CallbackUrlPolicy, checkCallbackUrl } from "../../worker/domain/callback-url.ts";

const PRODUCTION: CallbackUrlPolicy = { allowInsecureLoopback: false };
const LOCAL: CallbackUrlPolicy = { allowInsecureLoopback: true };

function reasonFor(url: string, policy = PRODUCTION): string {
  const result = checkCallbackUrl(url, policy);
  if (result.ok) throw new Error(`expected ${url} to be refused, got ${result.url.href}`);
  return result.reason;
}

describe("checkCallbackUrl in production", () => {
  it.each([
    "https://hooks.example.com/dutyleak/jobs",
    "https://example.com:8443/cb?token=abc#frag",
    "https://8.8.8.8/cb",
    "https://172.32.0.1/",
    "https://100.128.0.1/",
    "https://11.0.0.1/",
    "https://[2606:4700:4700::1111]/cb",
    "https://[::ffff:8.8.8.8]/cb",
    "https://xn--bcher-kva.example/",
  ])("accepts %s", (url) => {
    const result = checkCallbackUrl(url, PRODUCTION);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.url).toBeInstanceOf(URL);
  });

  it("returns the parsed URL", () => {
    const result = checkCallbackUrl("https://Example.COM/a/../b", PRODUCTION);
    expect(result.ok && result.url.href).toBe("https://example.com/b");
  });

  it.each([
    ["http://example.com/cb", /must use https:\/\//],
    ["ftp://example.com/cb", /must use https:\/\/, not ftp:/],
    ["javascript:alert(1)", /must use https:\/\//],
    ["example.com/cb", /not a valid absolute URL/],
    ["https://", /not a valid absolute URL/],
  ])("refuses %s for its scheme or syntax", (url, reason) => {
    expect(reasonFor(url)).toMatch(reason);
  });

  it.each([
    ["https://localhost/cb", /localhost/],
    ["https://localhost./cb", /localhost/],
    ["https://api.localhost/cb", /localhost/],
    ["https://printer.local/cb", /\.local\b/],
    ["https://metadata.google.internal/computeMetadata", /\.internal/],
    ["https://router.home.arpa/", /\.home\.arpa/],
    ["https://intranet/cb", /single-label/],
  ])("refuses the private name %s", (url, reason) => {
    expect(reasonFor(url)).toMatch(reason);
  });

  it.each([
    ["https://127.0.0.1/", /loopback/],
    ["https://127.255.255.254/", /loopback/],
    ["https://10.1.2.3/", /private/],
    ["https://172.16.0.1/", /private/],
    ["https://172.31.255.255/", /private/],
    ["https://192.168.1.1/", /private/],
    ["https://169.254.169.254/latest/meta-data/", /link-local/],
    ["https://100.64.0.1/", /carrier-grade NAT/],
    ["https://100.127.255.255/", /carrier-grade NAT/],
    ["https://0.0.0.0/", /this network/],
    ["https://0.1.2.3/", /this network/],
    ["https://224.0.0.1/", /multicast/],
    ["https://239.255.255.250/", /multicast/],
    ["https://240.0.0.1/", /reserved/],
    ["https://255.255.255.255/", /reserved/],
    ["https://192.0.2.10/", /documentation/],
    ["https://198.18.0.1/", /benchmarking/],
  ])("refuses the IPv4 literal %s", (url, reason) => {
    expect(reasonFor(url)).toMatch(reason);
  });

  it.each([
    ["https://[::1]/", /loopback/],
    ["https://[0:0:0:0:0:0:0:1]/", /loopback/],
    ["https://[::]/", /unspecified/],
    ["https://[fc00::1]/", /unique-local/],
    ["https://[fd12:3456::1]/", /unique-local/],
    ["https://[fe80::1]/", /link-local/],
    ["https://[febf::1]/", /link-local/],
    ["https://[ff02::1]/", /multicast/],
    ["https://[::ffff:127.0.0.1]/", /IPv4-mapped form of a loopback/],
    ["https://[::ffff:10.0.0.1]/", /IPv4-mapped form of a private/],
    ["https://[::ffff:169.254.169.254]/", /IPv4-mapped form of a link-local/],
    ["https://[64:ff9b::a9fe:a9fe]/", /NAT64 form of a link-local/],
    ["https://[2002:7f00:1::]/", /6to4 form of a loopback/],
    ["https://[::127.0.0.1]/", /reserved IPv6/],
    ["https://[2001:db8::1]/", /documentation/],
  ])("refuses the IPv6 literal %s", (url, reason) => {
    expect(reasonFor(url)).toMatch(reason);
  });

  it.each([
    "https://2130706433/",
    "https://0x7f.1/",
    "https://0x7f000001/",
    "https://0177.0.0.1/",
    "https://127.1/",
    "https://127.000.000.001/",
    "https://%31%32%37.0.0.1/",
    "https://127.0.0.1./",
    // 8.8.8.8 written as one number: public, but still refused so logs show what is actually called.
    "https://134744072/",
  ])("refuses the disguised IPv4 form %s", (url) => {
    expect(reasonFor(url)).toMatch(/non-standard form/);
  });

  it.each([
    "https://user:pass@example.com/",
    "https://user@example.com/",
    "https://:pass@example.com/",
    "https://@example.com/",
    "https://example.com@127.0.0.1/",
  ])("refuses userinfo in %s", (url) => {
    expect(reasonFor(url)).toMatch(/user name or password/);
  });

  it.each([
    [" https://example.com/", "a leading space"],
    ["https://example.com/\n", "a newline"],
    ["https://exa\tmple.com/", "a tab the parser would drop"],
    ["https:\\\\example.com\\cb", "backslashes the parser reads as slashes"],
  ])("refuses %j (%s)", (url) => {
    expect(reasonFor(url)).toMatch(/spaces, control characters/);
  });

  it("refuses a URL longer than 2048 characters", () => {
    expect(reasonFor(`https://example.com/${"a".repeat(2048)}`)).toMatch(/longer than 2048/);
  });

  it("refuses loopback over plain http in production", () => {
    expect(reasonFor("http://127.0.0.1:8787/cb")).toMatch(/must use https:\/\/\.$/);
    expect(reasonFor("http://localhost:8787/cb")).toMatch(/must use https/);
  });

  it("words every refusal as a sentence", () => {
    for (const url of [
      "http://x.com",
      "https://10.0.0.1",
      "https://[::1]",
      "https://a@b.com",
      "https://127.1",
      "nope",
    ]) {
      expect(reasonFor(url)).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe("checkCallbackUrl with allowInsecureLoopback (local development)", () => {
  it.each(["http://127.0.0.1:8787/cb", "http://localhost:9000/hooks", "http://localhost/"])("accepts %s", (url) => {
    expect(checkCallbackUrl(url, LOCAL)).toMatchObject({ ok: true });
  });

  it("still accepts public https URLs", () => {
    expect(checkCallbackUrl("https://hooks.example.com/", LOCAL)).toMatchObject({ ok: true });
  });

  it.each([
    ["http://example.com/cb", /only allowed for 127\.0\.0\.1 and localhost/],
    ["http://192.168.1.10:8080/", /only allowed for 127\.0\.0\.1 and localhost/],
    ["http://127.0.0.2:8787/", /only allowed for 127\.0\.0\.1 and localhost/],
    ["http://[::1]:8787/", /only allowed for 127\.0\.0\.1 and localhost/],
    ["http://api.localhost:8787/", /only allowed for 127\.0\.0\.1 and localhost/],
    ["https://127.0.0.1:8787/", /loopback/],
    ["https://localhost:8787/", /localhost/],
    ["http://2130706433:8787/", /non-standard form/],
    ["http://user@localhost:8787/", /user name or password/],
  ])("refuses %s", (url, reason) => {
    expect(reasonFor(url, LOCAL)).toMatch(reason);
  });
});
