// Round-trip cost of the default object serializer against v8.serialize and JSON.
// Run: node bench/serializer.mjs   (bundles ts/mpi/serializer.ts with esbuild, no build step needed)
//
// A wmpi round trip is dumps, copying the chunks into a reused "wasm memory" buffer (what the
// transport does), and loads. v8 and JSON produce one fresh buffer or string, so they copy anyway.
import { buildSync } from "esbuild";
import v8 from "node:v8";

const { outputFiles } = buildSync({ entryPoints: ["ts/mpi/serializer.ts"], bundle: true, format: "esm", write: false });
const { defaultSerializer } = await import(`data:text/javascript,${encodeURIComponent(outputFiles[0].text)}`);

const memory = new Uint8Array(16 << 20);

function wmpiRoundTrip(value) {
  const encoded = defaultSerializer.dumps(value);
  let length = 0;
  for (const chunk of Array.isArray(encoded) ? encoded : [encoded]) {
    memory.set(chunk, length);
    length += chunk.byteLength;
  }
  return defaultSerializer.loads(memory.subarray(0, length));
}

function wmpiSize(value) {
  const encoded = defaultSerializer.dumps(value);
  return (Array.isArray(encoded) ? encoded : [encoded]).reduce((n, c) => n + c.byteLength, 0);
}

/** Calls per timed run so that one run lasts about `ms`, found after a warm-up of about 300 ms. */
function calibrate(fn, ms) {
  let n = 1;
  let elapsed = 0;
  for (; elapsed < 300; n *= 2) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    elapsed = performance.now() - start;
  }
  return Math.max(1, Math.round((n / 2) * (ms / elapsed)));
}

/**
 * Median ns per call of each contender over 7 rounds of ~100 ms. The contenders take turns within
 * a round so that allocator and GC state (which swings the 1 MiB case a lot) is shared fairly.
 */
function race(contenders) {
  const calls = contenders.map((fn) => calibrate(fn, 100));
  const samples = contenders.map(() => []);
  for (let round = 0; round < 7; round++) {
    contenders.forEach((fn, k) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls[k]; i++) fn();
      samples[k].push(Number(process.hrtime.bigint() - start) / calls[k]);
    });
  }
  return samples.map((s) => s.sort((a, b) => a - b)[3]);
}

const floats = new Float64Array(1 << 17).map((_, i) => Math.sin(i));
const cases = [
  { name: "small dict {a: 1, b: [1, 2, 3]}", value: { a: 1, b: [1, 2, 3] } },
  {
    name: "1000 small objects",
    value: Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `item ${i}`, score: i * 0.25, ok: i % 2 === 0 })),
  },
  // JSON cannot carry a typed array, so its round trip goes through a plain array of numbers.
  { name: "1 MiB Float64Array in an object", value: { step: 7, data: floats }, json: { step: 7, data: Array.from(floats) }, typed: true },
];

const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const rows = [];
for (const { name, value, json = value, typed } of cases) {
  const jsonRoundTrip = typed
    ? () => new Float64Array(JSON.parse(JSON.stringify(json)).data)
    : () => JSON.parse(JSON.stringify(json));
  const [wmpi, v8ns, jsonns] = race([() => wmpiRoundTrip(value), () => v8.deserialize(v8.serialize(value)), jsonRoundTrip]);
  rows.push({
    case: name,
    "wmpi": fmt(wmpi),
    "v8.serialize": fmt(v8ns),
    "JSON": fmt(jsonns),
    "v8 / wmpi": (v8ns / wmpi).toFixed(1) + "x",
    "JSON / wmpi": (jsonns / wmpi).toFixed(1) + "x",
    "bytes wmpi / v8 / JSON": `${wmpiSize(value)} / ${v8.serialize(value).length} / ${JSON.stringify(json).length}`,
  });
}
console.log(`Round trip (encode + transport copy + decode), median of 7 interleaved rounds, Node ${process.version}`);
console.table(rows);
