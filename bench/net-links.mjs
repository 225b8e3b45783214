// Micro-benchmark of wmpi's frame links between two processes: ping-pong one-way latency of
// 8-byte pkt frames and bandwidth of 1 MiB data frames, over unix, tcp and ws (and tls/wss
// when openssl can make a certificate). Beside each link, a raw socket of the same kind
// moving the same bytes without frames, as the reference measured in the same run.
//
//   npx tsc -p tsconfig.json && node bench/net-links.mjs [--quick] [unix tcp ws tls wss]
//
// Runs from the compiled dist/ (npm run build, or just tsc as above).
import { execFileSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = new URL("../dist/net/", import.meta.url);
let mod;
try {
  mod = {
    ...(await import(new URL("link.js", dist).href)),
    ...(await import(new URL("handshake.js", dist).href)),
  };
} catch (e) {
  console.error(`bench/net-links.mjs needs the compiled dist/net/ (run: npx tsc -p tsconfig.json): ${e.message}`);
  process.exit(1);
}
const { listen, connect, acceptPeer, dialPeer } = mod;

const MiB = 1 << 20;
/** Each figure is measured this many times; the best and the median are printed (the machine is shared). */
const TRIALS = 5;
const header = new Uint8Array(48);

// ---------------------------------------------------------------- child: echo / sink
if (process.argv[2] === "child") {
  const [, , , kind, address, tokenHex, caFile] = process.argv;
  const opts = caFile ? { tls: { ca: readFileSync(caFile) } } : {};
  if (kind === "raw") {
    // Raw reference: echo every byte back for latency; for bandwidth, ack each window with 1 byte.
    const sock = net.connect(address.startsWith("unix:") ? { path: address.slice(5) } : { host: "127.0.0.1", port: Number(address.split(":")[2]) });
    sock.setNoDelay(true);
    let mode = "echo";
    let got = 0;
    let windowBytes = 0;
    sock.on("data", (chunk) => {
      if (mode === "echo") {
        if (chunk.length === 1 && chunk[0] === 0xbb) {
          mode = "sink";
          return;
        }
        sock.write(chunk);
        return;
      }
      if (windowBytes === 0) {
        windowBytes = chunk.readUInt32LE(0);
        chunk = chunk.subarray(4);
      }
      got += chunk.length;
      if (got >= windowBytes) {
        got -= windowBytes;
        windowBytes = 0;
        sock.write(Buffer.from([0xaa]));
      }
    });
    sock.on("close", () => process.exit(0));
  } else {
    const link = await connect(address, opts);
    await dialPeer(link, Buffer.from(tokenHex, "hex"), 1);
    link.onFrame((f) => {
      if (f.type === "pkt") link.send(f); // echo
      else if (f.type === "data" && f.last) link.send({ type: "pkt", dst: 0, header, payload: new Uint8Array(0) }); // window ack
    });
    link.onClose(() => process.exit(0));
  }
} else {
  await main();
}

// ---------------------------------------------------------------- parent
async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const kinds = args.filter((a) => !a.startsWith("--"));
  const dir = mkdtempSync(join(tmpdir(), "wmpi-bench-net-"));
  let cert;
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "k.pem"), "-out", join(dir, "c.pem")], { stdio: "pipe" });
    cert = { key: readFileSync(join(dir, "k.pem")), cert: readFileSync(join(dir, "c.pem")), caFile: join(dir, "c.pem") };
  } catch {
    cert = undefined;
  }
  const all = [
    { name: "unix", address: `unix:${join(dir, "b.sock")}`, raw: true },
    { name: "tcp", address: "tcp:127.0.0.1:0", raw: true },
    { name: "ws", address: "ws://127.0.0.1:0" },
    ...(cert ? [{ name: "tls", address: "tls:127.0.0.1:0", tls: true }, { name: "wss", address: "wss://127.0.0.1:0", tls: true }] : []),
  ];
  const chosen = kinds.length ? all.filter((t) => kinds.includes(t.name)) : all;
  const pingIters = quick ? 2000 : 20000;
  const bwWindows = quick ? 8 : 40;
  const window = 16;

  console.log(`net-links: node ${process.version}, ${new Date().toISOString()}, ping-pong ${pingIters} x 8 B pkt, bandwidth ${bwWindows} windows of ${window} x 1 MiB data frames`);
  console.log(`best / median of ${TRIALS} trials; raw = a socket of the same kind moving the same bytes without frames or handshake`);
  console.log("link   one-way latency us: framed       raw  ratio | 1 MiB bandwidth MB/s: framed      raw  ratio");
  const best = (xs, better) => xs.reduce((a, b) => (better(a, b) ? a : b));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cell = (xs, d, better) => (xs ? `${best(xs, better).toFixed(d)}/${median(xs).toFixed(d)}` : "-");
  const ratio = (a, b, better) => (b ? (best(a, better) / best(b, better)).toFixed(2) : "-");
  const lower = (a, b) => a < b;
  const higher = (a, b) => a > b;
  for (const t of chosen) {
    const framed = await measureFramed(t, cert, pingIters, bwWindows, window);
    const raw = t.raw ? await measureRaw(t, dir, pingIters, bwWindows, window) : undefined;
    console.log(
      `${t.name.padEnd(6)} ${cell(framed.lat, 1, lower).padStart(26)} ${cell(raw?.lat, 1, lower).padStart(10)} ${ratio(framed.lat, raw?.lat, lower).padStart(6)} |` +
        ` ${cell(framed.bw, 0, higher).padStart(27)} ${cell(raw?.bw, 0, higher).padStart(10)} ${ratio(framed.bw, raw?.bw, higher).padStart(6)}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `run` TRIALS times; returns `figure(microseconds)` of each. */
async function trials(run, figure) {
  const out = [];
  for (let k = 0; k < TRIALS; k++) {
    const t0 = process.hrtime.bigint();
    await run();
    out.push(figure(Number(process.hrtime.bigint() - t0) / 1e3));
  }
  return out;
}

/** One-way latency (us) and bandwidth (MB/s) over a handshaken frame link to a child process. */
async function measureFramed(t, cert, pingIters, bwWindows, window) {
  const token = randomBytes(32);
  let resolveLink;
  const linkReady = new Promise((r) => (resolveLink = r));
  const listener = await listen(
    t.address,
    (link) => acceptPeer(link, token, 0).then(() => resolveLink(link)),
    t.tls ? { tls: { key: cert.key, cert: cert.cert } } : {},
  );
  const child = fork(fileURLToPath(import.meta.url), ["child", "frames", listener.address, token.toString("hex"), t.tls ? cert.caFile : ""]);
  const link = await linkReady;
  await listener.close();

  let onFrame;
  link.onFrame((f) => onFrame(f));
  const payload = new Uint8Array(8);
  const ping = (n) =>
    new Promise((resolve) => {
      let left = n;
      onFrame = () => {
        if (--left === 0) resolve();
        else link.send({ type: "pkt", dst: 1, header, payload });
      };
      link.send({ type: "pkt", dst: 1, header, payload });
    });
  await ping(Math.min(2000, pingIters)); // warm-up (JIT on both sides)
  const lat = await trials(() => ping(pingIters), (us) => us / pingIters / 2);

  const big = randomBytes(MiB);
  const blast = (windows) =>
    new Promise((resolve) => {
      let left = windows;
      const sendWindow = () => {
        for (let i = 0; i < window; i++) link.send({ type: "data", dst: 1, local: 0, rreq: 0, last: i === window - 1, bytes: big });
      };
      onFrame = () => {
        if (--left === 0) resolve();
        else sendWindow();
      };
      sendWindow();
    });
  await blast(2);
  const bw = await trials(() => blast(bwWindows), (us) => (bwWindows * window * MiB) / us);

  const exited = new Promise((r) => child.once("exit", r));
  link.close();
  await exited;
  return { lat, bw };
}

/** The same two measurements over a raw socket of the same kind: no frames, no handshake. */
async function measureRaw(t, dir, pingIters, bwWindows, window) {
  const address = t.name === "unix" ? join(dir, "raw.sock") : undefined;
  const server = net.createServer();
  const sockReady = new Promise((r) => server.once("connection", r));
  await new Promise((r) => (address ? server.listen(address, r) : server.listen(0, "127.0.0.1", r)));
  const addr = address ? `unix:${address}` : `tcp:127.0.0.1:${server.address().port}`;
  const child = fork(fileURLToPath(import.meta.url), ["child", "raw", addr, "", ""]);
  const sock = await sockReady;
  sock.setNoDelay(true);
  server.close();

  let onData;
  sock.on("data", (c) => onData(c));
  const msg = Buffer.alloc(8);
  const ping = (n) =>
    new Promise((resolve) => {
      let left = n;
      let got = 0;
      onData = (c) => {
        got += c.length;
        while (got >= 8) {
          got -= 8;
          if (--left === 0) return resolve();
          sock.write(msg);
        }
      };
      sock.write(msg);
    });
  await ping(Math.min(2000, pingIters));
  const lat = await trials(() => ping(pingIters), (us) => us / pingIters / 2);

  sock.write(Buffer.from([0xbb])); // switch the child to sink mode
  await new Promise((r) => setTimeout(r, 50));
  const big = randomBytes(MiB);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(window * MiB);
  const blast = (windows) =>
    new Promise((resolve) => {
      let left = windows;
      const sendWindow = () => {
        sock.cork();
        sock.write(len);
        for (let i = 0; i < window; i++) sock.write(big);
        sock.uncork();
      };
      onData = (c) => {
        for (let i = 0; i < c.length; i++) {
          if (--left === 0) return resolve();
          sendWindow();
        }
      };
      sendWindow();
    });
  await blast(2);
  const bw = await trials(() => blast(bwWindows), (us) => (bwWindows * window * MiB) / us);

  const exited = new Promise((r) => child.once("exit", r));
  sock.end();
  await exited;
  return { lat, bw };
}
