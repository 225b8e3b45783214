// The copies and allocations that bound wmpi's large-message figures, measured alone (one thread).
//   node bench/copy-costs.mjs
// Rows: copy into a reused JS-heap buffer; into / out of / between SharedArrayBuffers (every
// wmpi copy touches one: rank memories are shared WebAssembly.Memory); a fresh ArrayBuffer
// (what a received object's payload needs: allocation, zeroing and page faults); and a fresh
// buffer filled from a SharedArrayBuffer (what the serializer's loads does per payload).
// Try GLIBC_TUNABLES=glibc.malloc.mmap_threshold=268435456 to see how much of a fresh buffer's
// cost is page faults of glibc's mmap'd allocations.
const KiB = 1024;
const MiB = 1024 * KiB;
const rows = [];
for (const size of [64 * KiB, MiB, 4 * MiB, 16 * MiB]) {
  const heapA = new Uint8Array(size).fill(7);
  const heapB = new Uint8Array(size);
  const sabA = new Uint8Array(new SharedArrayBuffer(size)).fill(7);
  const sabB = new Uint8Array(new SharedArrayBuffer(size));
  const n = Math.max(20, Math.round((256 * MiB) / size));
  const cases = {
    "heap -> heap (reused)": () => heapB.set(heapA),
    "heap -> SAB": () => sabB.set(heapA),
    "SAB -> heap": () => heapB.set(sabA),
    "SAB -> SAB": () => sabB.set(sabA),
    "new ArrayBuffer": () => new Uint8Array(size),
    "new buffer from SAB (slice)": () => sabA.slice(),
  };
  const row = { size: size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB` };
  for (const [name, fn] of Object.entries(cases)) {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn();
      best = Math.min(best, (performance.now() - t0) / n);
    }
    row[name] = `${(best * 1e3).toFixed(1)} µs (${(size / best / 1e6).toFixed(1)} GB/s)`;
  }
  rows.push(row);
}
console.log(`Best of 5, Node ${process.version}${process.env.GLIBC_TUNABLES ? `, GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES}` : ""}`);
console.table(rows);
