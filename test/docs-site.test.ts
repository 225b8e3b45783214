// npm run docs: the site builds (TypeDoc included, its warnings failing the build), every page
// of docs/ is there with the API reference beside it, and every link and image of the pages
// leads to a file that exists (in the site, or in the repository) and to an anchor of its page.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without declarations
import { docPages } from "../scripts/docs/pages.mjs";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(mkdtempSync(path.join(tmpdir(), "wmpi-docs-site-")), "site");
const pages = docPages(root).map((p: string) => path.join(out, p.replace(/^docs\//, "").replace(/\.md$/, ".html")));

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, "scripts/build-docs.mjs"), "--out", out], { cwd: root, stdio: "pipe" });
}, 120_000);
afterAll(() => rmSync(path.dirname(out), { recursive: true, force: true }));

/** The href and src targets of an HTML file. */
const targets = (html: string) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
const ids = (html: string) => new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));

describe("the docs site", () => {
  it("has every page and the API reference with a page per class", () => {
    for (const p of pages) expect(existsSync(p), p).toBe(true);
    for (const cls of ["Comm", "Intracomm", "Intercomm", "Cartcomm", "Group", "Datatype", "Request", "Status", "Op", "Win", "File", "Exception"])
      expect(existsSync(path.join(out, "api/classes", `wmpi.${cls}.html`)), cls).toBe(true);
    expect(existsSync(path.join(out, "api/modules/wmpi_browser.html"))).toBe(true);
  });

  it("names the MPI function in the reference of a method", () => {
    const comm = readFileSync(path.join(out, "api/classes/wmpi.Comm.html"), "utf8");
    for (const fn of ["MPI_Send", "MPI_Comm_split", "MPI_Bcast", "MPI_Ibcast", "MPI_Comm_rank"]) expect(comm).toContain(fn);
  });

  it("links only to files and anchors that exist, with no CDN", () => {
    const broken: string[] = [];
    for (const page of pages) {
      const html = readFileSync(page, "utf8");
      for (const t of targets(html)) {
        if (/^https?:/.test(t)) {
          if (/\.(css|js)(\?|$)/.test(t)) broken.push(`${page}: loads ${t} from the network`);
          continue;
        }
        const [file, anchor] = t.split("#", 2);
        const target = file === "" ? page : path.resolve(path.dirname(page), decodeURI(file));
        if (!existsSync(target)) {
          broken.push(`${path.relative(out, page)}: ${t}`);
          continue;
        }
        if (anchor !== undefined && target.endsWith(".html") && !ids(readFileSync(target, "utf8")).has(anchor)) broken.push(`${path.relative(out, page)}: ${t} (no such anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
