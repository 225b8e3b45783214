// Every relative link in docs/ and the README leads to a file of the repository, and every
// #anchor to a heading of its page (as GitHub names headings). Links into the generated API
// reference (docs/api/...) are checked where it exists, by test/docs-site.test.ts.

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { headingAnchors, isExternal, pageLinks } from "../scripts/docs/markdown.mjs";
// @ts-expect-error: a plain ES module without declarations
import { docPages } from "../scripts/docs/pages.mjs";

const root = path.resolve(import.meta.dirname, "..");
const read = (page: string) => readFileSync(path.join(root, page), "utf8");

/** What is wrong with one link of a page, or null. */
function problem(page: string, href: string): string | null {
  if (isExternal(href)) return null;
  const [file, anchor] = href.split("#", 2);
  const target = file === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(file)));
  if (target.startsWith("docs/api/")) return null;
  if (target.startsWith("..")) return `${href} leaves the repository`;
  if (!existsSync(path.join(root, target))) return `${href}: no file ${target}`;
  if (anchor === undefined) return null;
  if (!target.endsWith(".md") || statSync(path.join(root, target)).isDirectory()) return `${href}: an anchor into a file that is not a Markdown page`;
  return headingAnchors(read(target)).includes(anchor) ? null : `${href}: ${target} has no heading #${anchor}`;
}

describe("links in the documentation", () => {
  for (const page of [...docPages(root), "README.md"]) {
    it(page, () => {
      const problems = pageLinks(read(page)).map((l: { href: string }) => problem(page, l.href)).filter((p: string | null) => p !== null);
      expect(problems).toEqual([]);
    });
  }

  it("finds a broken file link and a broken anchor", () => {
    expect(problem("docs/index.md", "tutorial.md#no-such-heading")).toMatch(/no heading #no-such-heading/);
    expect(problem("docs/index.md", "guides/nowhere.md")).toMatch(/no file docs\/guides\/nowhere.md/);
    expect(problem("docs/index.md", "tutorial.md#typed-arrays-1")).toBeNull();
  });
});
