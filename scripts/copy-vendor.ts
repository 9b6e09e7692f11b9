// Copies htmx 4 and its hx-ws extension from node_modules into public/vendor/ (git-ignored), so that the pages load
// them from our own origin, never a CDN. Runs before `wrangler dev`, the tests and deploys (npm pre-scripts), and
// from the browser test's setup.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const HTMX_DIST = path.join(ROOT, "node_modules", "htmx.org", "dist");
export const VENDOR_DIR = path.join(ROOT, "public", "vendor");

/** Source in htmx.org's dist → name under /vendor/ (the names views/layout/Document.tsx links). */
const FILES: [string, string][] = [
  ["htmx.min.js", "htmx.min.js"],
  [path.join("ext", "hx-ws.js"), "hx-ws.js"],
];

export function copyVendor(): string[] {
  mkdirSync(VENDOR_DIR, { recursive: true });
  return FILES.map(([from, to]) => {
    const target = path.join(VENDOR_DIR, to);
    copyFileSync(path.join(HTMX_DIST, from), target);
    return target;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of copyVendor()) console.log(`copied ${path.relative(ROOT, file)}`);
}
