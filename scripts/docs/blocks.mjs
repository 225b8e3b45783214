// The fenced code blocks of a Markdown page, and which of them are runnable examples.
//
// A runnable block's info string is `ts run np=4` (or `js`, `c`): the test runs it with
// `wmpiexec -n 4` and compares what it prints with the `output` block right after it.
// `ts file=worker.ts` writes a file the page's programs use (a spawned worker, say) without
// running it. More words: `args="a b"` (program arguments), `launcher="--mode process"`.

const FENCE = /^(`{3,}|~{3,})\s*(.*)$/;

/**
 * Every fenced block of a page: its language, options, text and the line it starts on.
 * @param {string} markdown
 * @returns {{ lang: string, options: Record<string, string | true>, text: string, line: number }[]}
 */
export function fencedBlocks(markdown) {
  const lines = markdown.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, fence, info] = open;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !closes(lines[j], fence)) body.push(lines[j++]);
    const [lang = "", ...words] = splitInfo(info);
    blocks.push({ lang, options: parseOptions(words), text: body.join("\n") + "\n", line: i + 1 });
    i = j;
  }
  return blocks;
}

/** A closing fence: the opening's character, at least as many, nothing else. */
function closes(line, fence) {
  const t = line.trim();
  return t.length >= fence.length && t === fence[0].repeat(t.length);
}

/** Words of an info string; double quotes group words (`args="a b"`). */
function splitInfo(info) {
  return [...info.matchAll(/(\S+?="[^"]*"|\S+)/g)].map((m) => m[1]);
}

/** `run`, `np=4`, `args="a b"` as { run: true, np: "4", args: "a b" }. */
function parseOptions(words) {
  const options = {};
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq < 0) options[w] = true;
    else options[w.slice(0, eq)] = w.slice(eq + 1).replace(/^"(.*)"$/, "$1");
  }
  return options;
}

/**
 * The runnable examples of a page, in order, each with the output it must print and the
 * files written before it (every `file=` block above it on the page).
 * @param {string} markdown
 */
export function runnableExamples(markdown) {
  const blocks = fencedBlocks(markdown);
  const files = [];
  const examples = [];
  blocks.forEach((b, k) => {
    if (b.options.file) files.push({ name: String(b.options.file), text: b.text });
    if (!b.options.run) return;
    const next = blocks[k + 1];
    if (!next || next.lang !== "output") throw new Error(`line ${b.line}: a runnable block must be followed by an output block`);
    const np = Number(b.options.np ?? 1);
    if (!Number.isInteger(np) || np < 1) throw new Error(`line ${b.line}: np must be a positive integer`);
    examples.push({
      lang: b.lang,
      line: b.line,
      np,
      source: b.text,
      args: b.options.args ? String(b.options.args).split(/\s+/) : [],
      launcher: b.options.launcher ? String(b.options.launcher).split(/\s+/) : [],
      expected: next.text,
      files: [...files],
    });
  });
  return examples;
}

/**
 * Output lines as a reader compares them: ranks print concurrently, so lines are sorted
 * (the docs show them in rank order, which is sorted order when each line starts with its rank).
 * @param {string} text
 */
export function comparableLines(text) {
  return text.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "").sort();
}
