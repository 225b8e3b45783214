// What the docs' link checker and site builder read from a Markdown page: its headings' anchors
// (as GitHub makes them, so that links work on GitHub and in the built site alike) and its links.

import { Lexer, walkTokens } from "marked";

/**
 * GitHub's anchor for a heading text: lower case, punctuation dropped, spaces as hyphens.
 * @param {string} text the heading's plain text
 */
export function slugify(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The plain text of inline tokens (code spans, emphasis and links as their text). */
function plain(tokens) {
  return tokens.map((t) => (t.tokens ? plain(t.tokens) : t.type === "codespan" ? t.text : t.text ?? "")).join("");
}

/**
 * The anchors of a page's headings, in order; a repeated heading gets -1, -2, ... as on GitHub.
 * @param {string} markdown
 * @returns {string[]}
 */
export function headingAnchors(markdown) {
  const seen = new Map();
  const anchors = [];
  for (const t of Lexer.lex(markdown)) {
    if (t.type !== "heading") continue;
    const base = slugify(plain(t.tokens));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.push(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/**
 * Every link and image target of a page, with its text.
 * @param {string} markdown
 * @returns {{ href: string, text: string, image: boolean }[]}
 */
export function pageLinks(markdown) {
  const links = [];
  walkTokens(Lexer.lex(markdown), (t) => {
    if (t.type === "link" || t.type === "image") links.push({ href: t.href, text: t.text, image: t.type === "image" });
  });
  return links;
}

/** A link that leaves the repository (http:, https:, mailto:). */
export function isExternal(href) {
  return /^[a-z][a-z0-9+.-]*:/i.test(href);
}
