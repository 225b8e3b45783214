// report.html: one page with the run's machine, references (skipped ones with their install
// command), and for every dataset its figures (inline SVG) and its OSU-style table. Everything is
// inline, no script and no network, so the page opens offline from a copied directory.

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STYLE = `body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:12px}
figure{display:inline-block;width:49%;margin:0}
figure svg{width:100%;height:auto}
table.kv td{padding:0 1em 0 0;vertical-align:top}
.skipped{color:#a33}.failed{color:#a33;font-weight:bold}`;

function keyValues(rows) {
  return `<table class="kv">${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("")}</table>`;
}

/**
 * The HTML page. run: { machine, command, references, benchmarks: [{ name, status, note? }] };
 * sections: [{ dataset, table (text), figures: [{ id, svg }] }].
 */
export function reportHtml(run, sections) {
  const m = run.machine;
  const machineRows = [
    ["date", m.date],
    ["command", run.command],
    ["machine", `${m.os}; ${m.cpus.count} CPUs (${m.cpus.model}); ${m.memory.totalMiB} MiB memory`],
    ["Node", m.node],
    ["load average at start", m.loadavg.join(" ")],
    ["wmpi commit", m.wmpiCommit ?? "unknown"],
  ];
  const refRows = Object.entries(run.references).map(([name, r]) => [name, r.found ? `found, version ${r.version ?? "unknown"}` : `MISSING (${r.missing.join(", ")}): skipped; install with: ${r.install}`]);
  const benchRows = run.benchmarks.map((b) => `<li class="${b.status === "ok" ? "" : b.status}">${esc(b.name)}: ${esc(b.status)}${b.note ? ` — ${esc(b.note)}` : ""}</li>`);
  const body = sections.map(({ dataset, table, figures }) =>
    `<section id="${esc(dataset.id)}"><h3>${esc(dataset.title)}</h3>\n${figures.map((f) => `<figure id="fig-${esc(f.id)}">${f.svg}</figure>`).join("\n")}\n<pre class="osu-table">${esc(table)}</pre></section>`,
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>wmpi benchmark report ${esc(m.date)}</title><style>${STYLE}</style></head>
<body>
<h1>wmpi benchmark report</h1>
<h2>Run</h2>${keyValues(machineRows)}
<h2>References</h2>${keyValues(refRows)}
<h2>Benchmarks</h2><ul>${benchRows.join("")}</ul>
<p>Figures are medians over interleaved repeats; each table gives the range (min-max) below the medians.
Ratios and overheads compare with the native reference named in the table (lower is better for times,
higher for throughput). Raw samples: results.json.</p>
<h2>Results</h2>
<ul class="contents">${sections.map(({ dataset }) => `<li><a href="#${esc(dataset.id)}">${esc(dataset.title)}</a></li>`).join("")}</ul>
${body.join("\n")}
</body></html>
`;
}
