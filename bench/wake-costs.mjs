// What one hand-off between two threads through shared memory costs, measured alone: the main
// thread and a worker ping-pong a counter, the main thread waiting in Atomics.wait, the worker
// either spinning, blocked in Atomics.wait (a rank that sleeps) or in Atomics.waitAsync (the
// network thread, whose wake-up goes through its event loop). Half a round trip with a sleeping
// worker is one wake-up plus one poll. Quoted in bench/RESULTS.md, "Network channel".
//
//   node bench/wake-costs.mjs
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const N = 5000;

if (isMainThread) {
  for (const kind of ["spin", "wait", "waitAsync"]) {
    const best = [];
    for (let trial = 0; trial < 3; trial++) {
      const sab = new SharedArrayBuffer(8);
      const a = new Int32Array(sab);
      const w = new Worker(new URL(import.meta.url), { workerData: { sab, kind } });
      await new Promise((r) => w.once("message", r));
      const t0 = performance.now();
      for (let i = 1; i <= N; i++) {
        Atomics.store(a, 0, i);
        Atomics.notify(a, 0);
        // the timeout only guards against a lost worker; the worker notifies every reply
        while (Atomics.load(a, 1) !== i) Atomics.wait(a, 1, i - 1, 100);
      }
      best.push(((performance.now() - t0) * 1000) / N);
      await w.terminate();
    }
    console.log(`worker ${kind.padEnd(9)}: round trip ${Math.min(...best).toFixed(1)} µs (best of 3 x ${N})`);
  }
} else {
  const { sab, kind } = workerData;
  const a = new Int32Array(sab);
  // a pending waitAsync does not keep a worker's event loop alive; a timer does
  const keepAlive = setInterval(() => {}, 1000);
  parentPort.postMessage("ready");
  const reply = (i) => {
    Atomics.store(a, 1, i);
    Atomics.notify(a, 1);
  };
  for (let i = 1; i <= N; i++) {
    if (kind === "spin") while (Atomics.load(a, 0) !== i);
    else if (kind === "wait") while (Atomics.load(a, 0) !== i) Atomics.wait(a, 0, i - 1);
    else
      while (Atomics.load(a, 0) !== i) {
        const r = Atomics.waitAsync(a, 0, i - 1);
        if (r.async) await r.value;
      }
    reply(i);
  }
  clearInterval(keepAlive);
}
