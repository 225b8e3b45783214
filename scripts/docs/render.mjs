// One docs/ page as HTML for the static site: heading anchors as GitHub makes them, links to
// other pages pointed at their .html, a runnable program's command shown above it and its
// output block labelled.

import path from "node:path";
import { Marked } from "marked";
import { isExternal, slugify } from "./markdown.mjs";

const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Where a link of a page leads in the site: `guide.md#x` → `guide.html#x` for another page;
 * a file of the repository outside docs/ by a path from the page's HTML file back to it.
 * @param {string} href as written in the page
 * @param {{ root: string, page: string, file: string }} where the repository root, the page
 *   (`docs/tutorial.md`) and the HTML file written for it
 */
export function siteHref(href, where) {
  if (isExternal(href) || href.startsWith("#")) return href;
  const [file, anchor] = href.split("#", 2);
  const target = path.resolve(where.root, path.dirname(where.page), file);
  const docs = path.join(where.root, "docs") + path.sep;
  const suffix = anchor === undefined ? "" : `#${anchor}`;
  if (target.startsWith(docs) && file.endsWith(".md")) return file.replace(/\.md$/, ".html") + suffix;
  if (target.startsWith(docs)) return href;
  return path.relative(path.dirname(where.file), target).split(path.sep).join("/") + suffix;
}

/**
 * An image of the repository is copied into the site (`assets/` + its path in the repository),
 * so that the pages show it wherever the site is opened.
 * @param {string} href
 * @param {{ root: string, page: string, file: string, out: string, copy: (from: string, to: string) => void }} where
 */
function imageSrc(href, where) {
  if (isExternal(href)) return href;
  const source = path.resolve(where.root, path.dirname(where.page), href);
  const copy = path.join(where.out, "assets", path.relative(where.root, source));
  where.copy(source, copy);
  return path.relative(path.dirname(where.file), copy).split(path.sep).join("/");
}

/**
 * Renders one page (heading anchors are numbered per page).
 * @param {string} markdown
 * @param {{ root: string, page: string, file: string, out: string, copy: (from: string, to: string) => void }} where
 *   see siteHref; `out` is the site's folder, `copy` copies a file into it
 * @returns {{ html: string, title: string }}
 */
export function renderPage(markdown, where) {
  {
    const seen = new Map();
    let title = "";
    const marked = new Marked({
      gfm: true,
      renderer: {
        heading({ tokens, depth }) {
          const text = this.parser.parseInline(tokens);
          const base = slugify(text.replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
          const n = seen.get(base) ?? 0;
          seen.set(base, n + 1);
          const id = n === 0 ? base : `${base}-${n}`;
          if (depth === 1 && !title) title = text.replace(/<[^>]*>/g, "");
          return `<h${depth} id="${id}"><a class="anchor" href="#${id}">#</a>${text}</h${depth}>\n`;
        },
        link({ href, title: t, tokens }) {
          const text = this.parser.parseInline(tokens);
          return `<a href="${escape(siteHref(href, where))}"${t ? ` title="${escape(t)}"` : ""}>${text}</a>`;
        },
        image({ href, title: t, text }) {
          return `<img src="${escape(imageSrc(href, where))}" alt="${escape(text)}"${t ? ` title="${escape(t)}"` : ""}>`;
        },
        code({ text, lang }) {
          const [language = "", ...words] = (lang ?? "").split(/\s+/);
          if (language === "output") return `<div class="output"><div class="label">Output</div><pre><code>${escape(text)}</code></pre></div>\n`;
          const label = words.includes("run")
            ? `runnable: the first line is the command${words.includes("browser") ? "; runs in a web page too" : ""}`
            : words.find((w) => w.startsWith("file="))?.replace("file=", "file ");
          return `<div class="code"${language ? ` data-lang="${escape(language)}"` : ""}>${label ? `<div class="label">${escape(label)}</div>` : ""}<pre><code>${escape(text)}</code></pre></div>\n`;
        },
      },
    });
    const html = marked.parse(markdown, { async: false });
    return { html, title };
  }
}
