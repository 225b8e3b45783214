// Writes a suite run's tables, figures and report again from its results.json, without measuring:
//   node bench/suite/render.mjs bench/out/2026-11-29_0105
import { readFileSync } from "node:fs";
import path from "node:path";
import { writeOutputs } from "./outputs.mjs";

const dir = process.argv[2];
if (!dir || dir === "-h" || dir === "--help") {
  console.log("Usage: node bench/suite/render.mjs DIR   (DIR holds a suite run's results.json)");
  process.exit(dir ? 0 : 2);
}
const { png: _png, datasets: _datasets, ...run } = JSON.parse(readFileSync(path.join(dir, "results.json"), "utf8"));
for (const b of run.benchmarks) b.notes = b.notes.filter((n) => !n.startsWith("its JSON could not be read"));
const r = await writeOutputs(run, dir);
console.log(r.png.skipped ? `PNG figures skipped: ${r.png.skipped}` : `${r.png.written} PNG figures`);
console.log(`wrote ${path.join(dir, "report.html")}, results.json, tables.txt and ${r.figures} SVG figures`);
