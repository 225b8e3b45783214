// Everything the suite writes from a run's record (the benchmarks' raw JSON, the machine, the
// references): results.json, tables.txt, figures/*.svg and *.png, report.html. Separate from the
// driver so that a run's outputs can be written again from its results.json (render.mjs) after the
// figures or tables change, without measuring again.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { datasetsOf } from "./datasets.mjs";
import { figuresOf } from "./figures.mjs";
import { renderPngs } from "./png.mjs";
import { reportHtml } from "./report.mjs";
import { plotSvg } from "./svg.mjs";
import { osuTable } from "./table.mjs";

/**
 * The datasets of every benchmark that left data, keeping the run's --modes. A benchmark whose JSON
 * does not convert gets a note instead of failing the whole report.
 */
export function datasetsOfRun(run) {
  const out = [];
  for (const b of run.benchmarks) {
    if (!b.raw) continue;
    try {
      out.push(...datasetsOf(b.name, b.raw, run.options.modes));
    } catch (e) {
      b.notes.push(`its JSON could not be read as datasets: ${e.message}`);
    }
  }
  return out;
}

/** Writes results.json alone: after every benchmark, so that a run cut short keeps what it measured. */
export function writeResults(run, out) {
  writeFileSync(path.join(out, "results.json"), JSON.stringify(run, null, 1));
}

/**
 * Writes every output of `run` ({ machine, command, options, references, benchmarks: [{ name,
 * status, notes, raw }] }) into `out`; resolves to { tables (text), figures (count), png }.
 */
export async function writeOutputs(run, out) {
  const figDir = path.join(out, "figures");
  mkdirSync(figDir, { recursive: true });
  const datasets = datasetsOfRun(run);
  const sections = [];
  const pngJobs = [];
  for (const d of datasets) {
    const figs = figuresOf([d]).map((f) => ({ id: f.id, svg: plotSvg(f) }));
    for (const f of figs) {
      writeFileSync(path.join(figDir, `${f.id}.svg`), f.svg);
      pngJobs.push({ svg: f.svg, file: path.join(figDir, `${f.id}.png`) });
    }
    sections.push({ dataset: d, table: osuTable(d), figures: figs });
  }
  const png = await renderPngs(pngJobs);
  writeResults({ ...run, png, datasets }, out);
  const tables = sections.map((s) => s.table).join("\n");
  writeFileSync(path.join(out, "tables.txt"), tables);
  const listed = { ...run, benchmarks: run.benchmarks.map((b) => ({ name: b.name, status: b.status, note: b.notes.join("; ") })) };
  writeFileSync(path.join(out, "report.html"), reportHtml(listed, sections));
  return { tables, figures: pngJobs.length, png };
}
