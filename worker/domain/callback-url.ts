// Decides whether a user-supplied callback URL may receive job.finished webhooks (the SSRF gate for outbound calls).
// A literal-address check only: a public name can still resolve to a private address, so the sender must also refuse
// to follow redirects (`redirect: "manual"`) and rely on the platform not routing fetches into private networks.

export type CallbackUrlPolicy = { allowInsecureLoopback: boolean };
export type CallbackUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const MAX_LENGTH = 2048;

export function checkCallbackUrl(input: string, policy: CallbackUrlPolicy): CallbackUrlCheck {
  const refuse = (reason: string): CallbackUrlCheck => ({ ok: false, reason });
  if (input.length > MAX_LENGTH) return refuse(`The callback URL is longer than ${MAX_LENGTH} characters.`);
  // The WHATWG parser silently drops tabs/newlines and reads "\" as "/"; refusing them keeps what the user typed and
  // what we call the same thing.
  if (hasControlSpaceOrBackslash(input)) return refuse("The callback URL contains spaces, control characters or '\\'.");

  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse("The callback URL is not a valid absolute URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return refuse(`The callback URL must use https://, not ${url.protocol}//.`);
  }
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/*([^/?#]*)/.exec(input)?.[1] ?? "";
  if (url.username !== "" || url.password !== "" || authority.includes("@")) {
    return refuse(
      "The callback URL must not contain a user name or password; callbacks are authenticated by their signature.",
    );
  }

  const ipv4 = parseDottedQuad(url.hostname);
  // The parser turns 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 into 127.0.0.1; only accept the form that was written.
  if (ipv4 !== null && hostOf(authority) !== url.hostname) {
    return refuse(
      "The callback URL writes an IPv4 address in a non-standard form; use four decimal numbers (a.b.c.d).",
    );
  }
  const name = url.hostname.replace(/\.+$/, "");

  if (
    policy.allowInsecureLoopback &&
    url.protocol === "http:" &&
    (name === "localhost" || url.hostname === "127.0.0.1")
  ) {
    return { ok: true, url };
  }
  if (url.protocol !== "https:") {
    return refuse(
      policy.allowInsecureLoopback
        ? "The callback URL must use https:// (plain http:// is only allowed for 127.0.0.1 and localhost here)."
        : "The callback URL must use https://.",
    );
  }

  const hostProblem =
    ipv4 !== null
      ? describeBlockedIpv4(ipv4)
      : url.hostname.startsWith("[")
        ? describeBlockedIpv6(url.hostname)
        : describeBlockedName(name);
  if (hostProblem)
    return refuse(`The callback URL points to ${hostProblem}; callbacks must go to a public internet host.`);
  return { ok: true, url };
}

function hasControlSpaceOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

/** The host exactly as written in the authority (userinfo and port removed), lower-cased. */
function hostOf(authority: string): string {
  return authority.replace(/:\d*$/, "").toLowerCase();
}

function describeBlockedName(name: string): string | null {
  if (name === "localhost" || name.endsWith(".localhost")) return "localhost";
  for (const suffix of ["local", "internal", "home.arpa"]) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return `a private network name (.${suffix})`;
  }
  // Single-label names (e.g. "intranet", "metadata") only resolve through a private network's search domain.
  if (!name.includes(".")) return `a single-label host name ("${name}")`;
  return null;
}

type Block = { base: number; prefix: number; label: string };

const ipv4Block = (cidr: string, label: string): Block => {
  const [base = "", prefix = ""] = cidr.split("/");
  return { base: parseDottedQuad(base) ?? 0, prefix: Number(prefix), label };
};

// Every special-purpose block from the IANA IPv4 registry that is not globally reachable, plus multicast.
const BLOCKED_IPV4: readonly Block[] = [
  ipv4Block("0.0.0.0/8", "a 'this network' address"),
  ipv4Block("10.0.0.0/8", "a private address"),
  ipv4Block("100.64.0.0/10", "a carrier-grade NAT address"),
  ipv4Block("127.0.0.0/8", "a loopback address"),
  ipv4Block("169.254.0.0/16", "a link-local address"),
  ipv4Block("172.16.0.0/12", "a private address"),
  ipv4Block("192.0.0.0/24", "an IETF protocol address"),
  ipv4Block("192.0.2.0/24", "a documentation address"),
  ipv4Block("192.88.99.0/24", "a 6to4 relay address"),
  ipv4Block("192.168.0.0/16", "a private address"),
  ipv4Block("198.18.0.0/15", "a benchmarking address"),
  ipv4Block("198.51.100.0/24", "a documentation address"),
  ipv4Block("203.0.113.0/24", "a documentation address"),
  ipv4Block("224.0.0.0/4", "a multicast address"),
  ipv4Block("240.0.0.0/4", "a reserved address"),
];

function describeBlockedIpv4(address: number): string | null {
  for (const { base, prefix, label } of BLOCKED_IPV4) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((address & mask) >>> 0 === base) return `${label} (${formatIpv4(base)}/${prefix})`;
  }
  return null;
}

/** `hostname` is the parser's canonical "[…]" form: hex groups, at most one "::", never an embedded dotted quad. */
function describeBlockedIpv6(hostname: string): string | null {
  const g = parseCanonicalIpv6(hostname.slice(1, -1));
  if (g === null) return "an IPv6 address that could not be read";
  const embedded = (hi: number, lo: number) => describeBlockedIpv4(((hi << 16) | lo) >>> 0);
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);

  // Forms that carry an IPv4 address: judge the IPv4 address they lead to.
  if (zeros(0, 5) && g[5] === 0xffff) return prefixed("an IPv4-mapped form of", embedded(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return prefixed("a NAT64 form of", embedded(g[6], g[7]));
  if (g[0] === 0x2002) return prefixed("a 6to4 form of", embedded(g[1], g[2]));

  if (zeros(0, 8)) return "the unspecified IPv6 address (::)";
  if (zeros(0, 7) && g[7] === 1) return "the IPv6 loopback address (::1)";
  if ((g[0] & 0xfe00) === 0xfc00) return "a unique-local IPv6 address (fc00::/7)";
  if ((g[0] & 0xffc0) === 0xfe80) return "a link-local IPv6 address (fe80::/10)";
  if ((g[0] & 0xff00) === 0xff00) return "a multicast IPv6 address (ff00::/8)";
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "a documentation IPv6 address (2001:db8::/32)";
  if (g[0] === 0x2001 && g[1] === 0) return "a Teredo tunnel address (2001::/32)";
  // Only 2000::/3 is allocated as global unicast; everything else (::/96 IPv4-compatible, site-local, …) is refused.
  if ((g[0] & 0xe000) !== 0x2000) return "a reserved IPv6 address";
  return null;
}

function prefixed(form: string, problem: string | null): string | null {
  return problem === null ? null : `${form} ${problem}`;
}

type Groups = [number, number, number, number, number, number, number, number];

function parseCanonicalIpv6(text: string): Groups | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toGroups = (part: string | undefined) =>
    part ? part.split(":").map((group) => Number.parseInt(group, 16)) : [];
  const head = toGroups(halves[0]);
  const tail = toGroups(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  if (groups.length !== 8 || groups.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff))
    return null;
  return groups as Groups;
}

/** Only the canonical a.b.c.d form; anything else is a name (or was already rewritten by the URL parser). */
function parseDottedQuad(host: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  return octets.reduce((acc, octet) => acc * 256 + octet, 0);
}

function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}
