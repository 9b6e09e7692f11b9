// Browser tests' shared setup: where Debian's Chromium is, where the README's screenshots go, and axe-core's WCAG 2.2
// AA check of a page as it is now.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "docs", "screenshots");

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core's violations of WCAG 2.2 AA on the page as it is now, as "rule: target (why)" lines (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  // page.evaluate runs over CDP, outside the page's CSP (which rightly forbids injected scripts).
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: unknown): Promise<any> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map(
      (v: { id: string; nodes: { target: string[]; failureSummary?: string }[] }) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")} (${(n.failureSummary ?? "").split("\n").slice(1, 2).join("").trim()})`)
          .join("; ")}`,
    );
  }, WCAG_22_AA);
}
