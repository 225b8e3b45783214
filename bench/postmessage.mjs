// The JavaScript reference of bench/pingpong.mjs: a ping-pong between two worker_threads over a
// MessageChannel, where every message is a structured clone (an ArrayBuffer copy, not a transfer).
//
//   node bench/postmessage.mjs --variant poll|event --plan CASE:ITERS:WARMUP,...
//
// Variants:
//   poll   the receiver spins on receiveMessageOnPort (no event loop turn: the fastest case, the
//          counterpart of MPI's busy-polling)
//   event  the receiver waits in its event loop (port.on("message")), as ordinary JS code does
//
// Cases are those of wmpi-pingpong.ts: a size in bytes (a Uint8Array of that size is posted),
// "dict" ({a: 1, b: [1, 2, 3]}) or "f64:SIZE" ({data: Float64Array} of SIZE bytes). As there,
// every case first runs its warm-up untimed, then one checked exchange, then warm-up and timed
// round trips. The main thread prints one JSON line per case.
import { MessageChannel, Worker, isMainThread, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";

const pattern = (i, size, from) => (i * (from ? 13 : 7) + size + (from ? 3 : 1)) & 255;

function parsePlan(text) {
  return text.split(",").map((item) => {
    const parts = item.split(":");
    const warmup = Number(parts.pop());
    const iters = Number(parts.pop());
    return { name: parts.join(":"), iters, warmup };
  });
}

/** The message a side sends for a case, and a check of what it receives from the other side. */
function makeCase(name, me) {
  const peer = 1 - me;
  if (name === "dict") {
    return {
      size: 0,
      msg: { a: 1, b: [1, 2, 3] },
      check: (m) => {
        if (JSON.stringify(m) !== '{"a":1,"b":[1,2,3]}') throw new Error(`postmessage dict: received ${JSON.stringify(m)}`);
      },
    };
  }
  const f64 = name.startsWith("f64:");
  const size = Number(f64 ? name.slice(4) : name);
  const data = f64 ? new Float64Array(size / 8) : new Uint8Array(size);
  const bytes = new Uint8Array(data.buffer);
  for (let i = 0; i < size; i++) bytes[i] = pattern(i, size, me);
  return {
    size,
    msg: f64 ? { data } : data,
    check: (m) => {
      const got = f64 ? m?.data : m;
      if (!(got instanceof (f64 ? Float64Array : Uint8Array)) || got.byteLength !== size)
        throw new Error(`postmessage ${name}: received ${Object.prototype.toString.call(got)} of ${got?.byteLength} bytes`);
      const b = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
      for (let i = 0; i < size; i++)
        if (b[i] !== pattern(i, size, peer)) throw new Error(`postmessage ${name}: wrong byte at ${i} of ${size}`);
    },
  };
}

async function side() {
  const { me, variant, plan, port } = workerData;
  let recv;
  if (variant === "poll") {
    recv = () => {
      for (;;) {
        const r = receiveMessageOnPort(port);
        if (r !== undefined) return r.message;
      }
    };
  } else {
    let pending;
    port.on("message", (m) => pending(m));
    recv = () => new Promise((resolve) => (pending = resolve));
  }
  const sync = variant === "poll";
  // one round trip; the pinging side (me = 0) sends first
  const roundTrip = sync
    ? me === 0
      ? (msg) => (port.postMessage(msg), recv())
      : (msg) => {
          const m = recv();
          port.postMessage(msg);
          return m;
        }
    : me === 0
      ? async (msg) => (port.postMessage(msg), await recv())
      : async (msg) => {
          const m = await recv();
          port.postMessage(msg);
          return m;
        };
  const cases = plan.map((c) => ({ ...c, ...makeCase(c.name, me) }));
  // pass 1: every case's warm-up, so the JIT has seen all of them before anything is timed
  for (const c of cases) for (let i = 0; i < c.warmup; i++) await roundTrip(c.msg);
  for (const c of cases) {
    c.check(await roundTrip(c.msg));
    let t0 = 0;
    for (let i = 0; i < c.warmup + c.iters; i++) {
      if (i === c.warmup) t0 = performance.now();
      await roundTrip(c.msg);
    }
    const rt = ((performance.now() - t0) * 1e3) / c.iters;
    if (me === 0) parentPort.postMessage({ case: c.name, size: c.size, iters: c.iters, rt_us: rt, verified: true });
  }
  port.close();
}

if (isMainThread) {
  const argv = process.argv;
  const arg = (name) => {
    const i = argv.indexOf(name);
    if (i < 0 || i + 1 >= argv.length) throw new Error(`postmessage: ${name} is required`);
    return argv[i + 1];
  };
  const variant = arg("--variant");
  if (variant !== "poll" && variant !== "event") throw new Error(`postmessage: unknown --variant ${variant}`);
  const plan = parsePlan(arg("--plan"));
  const { port1, port2 } = new MessageChannel();
  const file = new URL(import.meta.url);
  const workers = [port1, port2].map(
    (port, me) => new Worker(file, { workerData: { me, variant, plan, port }, transferList: [port] }),
  );
  workers[0].on("message", (m) => console.log(JSON.stringify(m)));
  for (const w of workers)
    w.on("error", (e) => {
      console.error(e);
      process.exitCode = 1;
      for (const x of workers) void x.terminate();
    });
} else {
  await side();
}
