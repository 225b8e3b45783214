// npm run docs: the documentation as a static site that opens offline, in docs-site/ (or the
// folder given): every docs/ page as HTML beside a list of pages, and the API reference that
// TypeDoc generates from the facade's doc comments into api/. Links between pages are
// relative; links to other files of the repository lead back into the checkout.
//
//   node scripts/build-docs.mjs [--out DIR] [--no-api]

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { docPages } from "./docs/pages.mjs";
import { renderPage } from "./docs/render.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const out = path.resolve(outAt >= 0 ? args[outAt + 1] : path.join(root, "docs-site"));
const withApi = !args.includes("--no-api");

/** The list of pages beside every page: [title, page] per section. */
const NAV = [
  ["Learn", [["Overview", "docs/index.md"], ["Tutorial", "docs/tutorial.md"]]],
  ["Guides", [
    ["Coming from mpi4py", "docs/guides/from-mpi4py.md"],
    ["C programs with wmpicc", "docs/guides/c-programs.md"],
    ["Processes, hosts and clusters", "docs/guides/clusters.md"],
    ["The browser and the teaching site", "docs/guides/browser.md"],
    ["Performance", "docs/guides/performance.md"],
  ]],
  ["Reference", [
    ["API overview", "docs/api.md"],
    ["API reference (TypeDoc)", "docs/api/index.html"],
    ["wmpiexec", "docs/guides/wmpiexec.md"],
    ["The browser entry", "docs/guides/browser-reference.md"],
    ["How wmpi works", "docs/guides/internals.md"],
  ]],
];

const html = (page) => page.replace(/^docs\//, "").replace(/\.md$/, ".html");
const rel = (from, to) => path.posix.relative(path.posix.dirname(html(from)), html(to)) || path.posix.basename(html(to));

function nav(current) {
  const sections = NAV.map(([title, pages]) => `<h2>${title}</h2><ul>${pages
    .map(([name, page]) => `<li><a href="${rel(current, page)}"${page === current ? ' class="current"' : ""}>${name}</a></li>`)
    .join("")}</ul>`);
  return `<nav><a class="home" href="${rel(current, "docs/index.md")}">wmpi</a>${sections.join("")}</nav>`;
}

function layout(page, title, body) {
  const css = path.posix.relative(path.posix.dirname(html(page)), "style.css");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · wmpi</title>
<link rel="stylesheet" href="${css}">
</head>
<body>
${nav(page)}
<main>
${body}</main>
</body>
</html>
`;
}

/** Every page that NAV lists must exist, and every page must be listed: a new page is not forgotten. */
function checkNav(pages) {
  const listed = NAV.flatMap(([, ps]) => ps.map(([, p]) => p)).filter((p) => p.endsWith(".md"));
  const missing = pages.filter((p) => !listed.includes(p));
  const stale = listed.filter((p) => !pages.includes(p));
  if (missing.length || stale.length) throw new Error(`scripts/build-docs.mjs NAV: not listed ${missing.join(", ") || "-"}; listed but missing ${stale.join(", ") || "-"}`);
}

function copyInto(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const pages = docPages(root);
checkNav(pages);
for (const page of pages) {
  const file = path.join(out, html(page));
  const { html: body, title } = renderPage(readFileSync(path.join(root, page), "utf8"), { root, page, file, out, copy: copyInto });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, layout(page, title || page, body));
}
copyInto(path.join(root, "scripts/docs/style.css"), path.join(out, "style.css"));
console.log(`docs: ${pages.length} pages in ${path.relative(process.cwd(), out) || "."}`);

if (withApi) {
  execFileSync(process.execPath, [path.join(root, "node_modules/typedoc/bin/typedoc"), "--options", path.join(root, "scripts/docs/typedoc.json"), "--out", path.join(out, "api"), "--logLevel", "Warn"], { stdio: "inherit", cwd: root });
  console.log(`docs: API reference in ${path.relative(process.cwd(), path.join(out, "api"))}`);
}
