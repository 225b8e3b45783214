// The Markdown pages of the documentation: docs/**/*.md, as paths relative to the repository root.

import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * @param {string} root the repository root
 * @returns {string[]} e.g. ["docs/index.md", "docs/guides/from-mpi4py.md", ...], sorted
 */
export function docPages(root) {
  return readdirSync(path.join(root, "docs"), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.posix.join("docs", f.split(path.sep).join("/")))
    .sort();
}
