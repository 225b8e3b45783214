import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { FrameError, type Frame } from "../ts/net/frame.js";
import { acceptPeer, dialPeer } from "../ts/net/handshake.js";
import { connect, listen, type ConnectOptions, type FrameLink, type ListenOptions, type Listener } from "../ts/net/link.js";
import { haveOpenssl, makeCert } from "./harness/certs.js";

const TOKEN = randomBytes(32);
const SERVER_PROC = 3;
const dir = mkdtempSync(join(tmpdir(), "wmpi-net-link-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A self-signed certificate for 127.0.0.1 (PEM text), or undefined when openssl is missing. */
function pemCert(): { key: string; cert: string } | undefined {
  if (!haveOpenssl()) return undefined;
  const files = makeCert(dir, "link", ["127.0.0.1"]);
  return { key: readFileSync(files.key, "utf8"), cert: readFileSync(files.cert, "utf8") };
}
const cert = pemCert();
if (cert === undefined) console.warn("openssl not found: the TLS and wss link tests are skipped");

interface Transport {
  name: string;
  address: () => string;
  listenOpts: ListenOptions;
  connectOpts: ConnectOptions;
  needsTls: boolean;
}
let socketCount = 0;
const transports: Transport[] = [
  { name: "unix", address: () => `unix:${join(dir, `s${socketCount++}.sock`)}`, listenOpts: {}, connectOpts: {}, needsTls: false },
  { name: "tcp", address: () => "tcp:127.0.0.1:0", listenOpts: {}, connectOpts: {}, needsTls: false },
  { name: "ws", address: () => "ws://127.0.0.1:0", listenOpts: {}, connectOpts: {}, needsTls: false },
  { name: "tls", address: () => "tls:127.0.0.1:0", listenOpts: { tls: cert }, connectOpts: { tls: { ca: cert?.cert } }, needsTls: true },
  { name: "wss", address: () => "wss://127.0.0.1:0", listenOpts: { tls: cert }, connectOpts: { tls: { ca: cert?.cert } }, needsTls: true },
];

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A server that runs the handshake on every link and records what its application would see. */
interface Server {
  listener: Listener;
  /** Links that passed the handshake, with their peer's proc. */
  ready: { link: FrameLink; proc: number }[];
  /** Handshake failures (the "log"). */
  refused: Error[];
  /** Frames delivered to the application handler, per ready link. */
  delivered: Map<FrameLink, Frame[]>;
  /** How each accepted link ended. */
  closes: (Error | undefined)[];
}

async function serve(t: Transport): Promise<Server> {
  const s = { ready: [], refused: [], delivered: new Map(), closes: [] } as unknown as Server;
  s.listener = await listen(
    t.address(),
    (link) => {
      link.onClose((e) => s.closes.push(e));
      acceptPeer(link, TOKEN, SERVER_PROC, 5000).then(
        (proc) => {
          const got: Frame[] = [];
          s.delivered.set(link, got);
          link.onFrame((f) => got.push(f));
          s.ready.push({ link, proc });
        },
        (err: Error) => s.refused.push(err),
      );
    },
    t.listenOpts,
  );
  return s;
}

function totalDelivered(s: Server): number {
  let n = 0;
  for (const v of s.delivered.values()) n += v.length;
  return n;
}

const header = (i: number): Uint8Array => new Uint8Array(48).fill(i & 0xff);
function pkt(i: number): Frame {
  const payload = new Uint8Array(8);
  const v = new DataView(payload.buffer);
  v.setUint32(0, i, true);
  v.setUint32(4, ~i >>> 0, true);
  return { type: "pkt", dst: i, header: header(i), payload };
}

/** Writes raw bytes on a fresh connection to the listener (no frames, no handshake). */
async function rawConnection(t: Transport, address: string, data: Uint8Array): Promise<void> {
  if (t.name === "ws" || t.name === "wss") {
    const ws = new WebSocket(address, { ca: cert?.cert });
    await new Promise((r, j) => (ws.once("open", r), ws.once("error", j)));
    ws.send(data);
    return;
  }
  const [, host, port] = /^(?:tcp|tls):(.*):(\d+)$/.exec(address) ?? [];
  const socket =
    t.name === "unix"
      ? net.connect({ path: address.slice(5) })
      : t.name === "tls"
        ? tls.connect({ host, port: Number(port), ca: cert?.cert })
        : net.connect({ host, port: Number(port) });
  await new Promise((r, j) => (socket.once(t.name === "tls" ? "secureConnect" : "connect", r), socket.once("error", j)));
  socket.on("error", () => {}); // the server resets it
  socket.write(data);
}

for (const t of transports) {
  describe.skipIf(t.needsTls && cert === undefined)(`${t.name} links`, () => {
    it("handshake, then 1000 small frames and 4 MiB data frames both ways, intact and in order", async () => {
      const server = await serve(t);
      const client = await connect(server.listener.address, t.connectOpts);
      expect(await dialPeer(client, TOKEN, 7)).toBe(SERVER_PROC);
      await until(() => server.ready.length === 1, "the server side of the handshake");
      expect(server.ready[0]!.proc).toBe(7);
      const srv = server.ready[0]!.link;
      const atClient: Frame[] = [];
      client.onFrame((f) => atClient.push(f));

      const big = [0, 1, 2].map(() => randomBytes(4 << 20));
      for (let i = 0; i < 1000; i++) {
        client.send(pkt(i));
        srv.send(pkt(i));
        if (i % 400 === 0) {
          const b = big[i / 400]!;
          client.send({ type: "data", dst: i, local: 8, rreq: i, last: i === 800, bytes: b });
          srv.send({ type: "data", dst: i, local: 8, rreq: i, last: i === 800, bytes: b });
        }
      }
      const atServer = server.delivered.get(srv)!;
      await until(() => atServer.length === 1003 && atClient.length === 1003, "1003 frames each way", 15_000);
      for (const got of [atServer, atClient]) {
        const pkts = got.filter((f) => f.type === "pkt");
        expect(pkts.map((f) => f.dst)).toEqual([...Array(1000).keys()]);
        for (const f of pkts) {
          if (f.type !== "pkt") continue;
          const v = new DataView(f.payload.buffer, f.payload.byteOffset, f.payload.byteLength);
          expect([f.payload.byteLength, v.getUint32(0, true), v.getUint32(4, true)]).toEqual([8, f.dst, ~f.dst >>> 0]);
          expect(f.header.every((b) => b === (f.dst & 0xff))).toBe(true);
        }
        const datas = got.flatMap((f, pos) => (f.type === "data" ? [{ f, pos }] : []));
        expect(datas.map(({ pos }) => pos)).toEqual([1, 402, 803]); // right after pkt 0, 400, 800
        datas.forEach(({ f }, k) => {
          if (f.type !== "data") return;
          expect(f.rreq).toBe(k * 400);
          expect(f.last).toBe(k === 2);
          expect(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength).equals(big[k]!)).toBe(true);
        });
      }

      const clientClosed: (Error | undefined)[] = [];
      client.onClose((e) => clientClosed.push(e));
      client.close();
      client.send(pkt(5000)); // dropped silently
      await until(() => clientClosed.length === 1 && server.closes.length === 1, "both ends to close");
      expect(clientClosed).toEqual([undefined]);
      expect(server.closes).toEqual([undefined]);
      expect(atServer).toHaveLength(1003);
      await server.listener.close();
    }, 20_000);

    it("pause holds frames until resume; bufferedAmount counts unwritten bytes", async () => {
      const server = await serve(t);
      const client = await connect(server.listener.address, t.connectOpts);
      await dialPeer(client, TOKEN, 4);
      await until(() => server.ready.length === 1, "the handshake");
      const srv = server.ready[0]!.link;
      const got = server.delivered.get(srv)!;
      srv.pause();
      for (let i = 0; i < 50; i++) client.send(pkt(i));
      const big = randomBytes(4 << 20);
      client.send({ type: "data", dst: 0, local: 0, rreq: 0, last: true, bytes: big });
      // A socket link has corked the 4 MiB frame for this tick: it cannot be written yet.
      if (!t.name.startsWith("ws")) expect(client.bufferedAmount).toBeGreaterThan(4 << 20);
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toHaveLength(0);
      srv.resume();
      await until(() => got.length === 51, "the held frames");
      expect(got.slice(0, 50).map((f) => (f.type === "pkt" ? f.dst : -1))).toEqual([...Array(50).keys()]);
      await until(() => client.bufferedAmount === 0, "the client's writes to drain");
      client.close();
      await server.listener.close();
    });

    it("refuses connections that do not prove the token and delivers nothing from them", async () => {
      const server = await serve(t);
      const address = server.listener.address;

      // 1. No hello: frames straight away.
      const noHello = await connect(address, t.connectOpts);
      for (let i = 0; i < 10; i++) noHello.send(pkt(i));
      // 2. Raw garbage bytes.
      await rawConnection(t, address, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
      // 3. A wrong token: a rogue client answers the challenge with its own key, then sends frames.
      const wrong = await connect(address, t.connectOpts);
      wrong.onFrame((f) => {
        if (f.type !== "challenge") return;
        const mac = createHmac("sha256", randomBytes(32)).update("wmpi1 client").update(f.nonce).digest();
        wrong.send({ type: "auth", mac });
        for (let i = 0; i < 10; i++) wrong.send(pkt(i));
      });
      wrong.send({ type: "hello", proc: 1, nonce: randomBytes(32) });
      // 4. A client with the wrong token is refused by its own side: the server cannot prove a token it lacks.
      const honest = await connect(address, t.connectOpts);
      await expect(dialPeer(honest, randomBytes(32), 2)).rejects.toThrow(/failed to prove the job token/);

      // 5. Replay: record a real client's frames, then send them again on a new connection.
      const recorded: Frame[] = [];
      const real = await connect(address, t.connectOpts);
      const send = real.send.bind(real);
      real.send = (f: Frame) => (recorded.push(f), send(f));
      expect(await dialPeer(real, TOKEN, 9)).toBe(SERVER_PROC);
      real.send(pkt(42));
      await until(() => totalDelivered(server) === 1, "the real client's frame");
      expect(recorded.map((f) => f.type)).toEqual(["hello", "auth", "pkt"]);
      const replay = await connect(address, t.connectOpts);
      for (const f of recorded) replay.send(f);

      await until(() => server.refused.length === 5, "five refusals", 10_000);
      const reasons = server.refused.map((e) => e.message).join("\n");
      expect(reasons).toMatch(/expected hello, got pkt/);
      expect(reasons).toMatch(/FrameError|frame body length|unknown frame type|wire version/);
      expect(reasons.match(/sent a bad auth mac/g)).toHaveLength(2); // the rogue client and the replay
      expect(reasons).toMatch(/link closed/); // the honest client with the wrong token hung up
      // Only the real client's one frame ever reached the application.
      expect(server.ready).toHaveLength(1);
      expect(totalDelivered(server)).toBe(1);
      await until(() => server.closes.length === 5, "the refused links to close");
      real.close();
      await server.listener.close();
    }, 20_000);

    it("a stranger cannot make the server buffer a large frame before the handshake", async () => {
      const server = await serve(t);
      // a length prefix of 1 MiB (under MAX_BODY) where a hello belongs, then a trickle of it
      const head = new Uint8Array([0, 0, 16, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
      await rawConnection(t, server.listener.address, head);
      await until(() => server.refused.length === 1, "the refusal");
      expect(server.refused[0]!.message).toMatch(/frame body length 1048576 exceeds the 128 bytes allowed now/);
      expect(server.ready).toHaveLength(0);
      await server.listener.close();
    });

    it("a malformed frame on a real socket closes only that link", async () => {
      const server = await serve(t);
      const a = await connect(server.listener.address, t.connectOpts);
      const b = await connect(server.listener.address, t.connectOpts);
      await Promise.all([dialPeer(a, TOKEN, 1), dialPeer(b, TOKEN, 2)]);
      await until(() => server.ready.length === 2, "two links");
      const aClosed: (Error | undefined)[] = [];
      a.onClose((e) => aClosed.push(e));
      // Bytes no encoder would make: a pkt frame whose body is too short.
      const bad = new Uint8Array([8, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0]);
      const inner = a as unknown as { socket?: net.Socket; ws?: WebSocket };
      if (inner.ws) inner.ws.send(bad);
      else inner.socket!.write(bad);
      await until(() => server.closes.length === 1 && aClosed.length === 1, "the bad link to close");
      expect(server.closes[0]).toBeInstanceOf(FrameError);
      expect(server.closes[0]!.message).toMatch(/pkt frame has body length 8, expected at least 56/);
      // The other link and the listener still work.
      const srvB = server.ready.find((r) => r.proc === 2)!.link;
      b.send(pkt(1));
      await until(() => server.delivered.get(srvB)!.length === 1, "a frame on the good link");
      const c = await connect(server.listener.address, t.connectOpts);
      expect(await dialPeer(c, TOKEN, 3)).toBe(SERVER_PROC);
      b.close();
      c.close();
      await server.listener.close();
    }, 20_000);

    if (t.needsTls) {
      it("refuses a server certificate the client does not trust", async () => {
        const errors: Error[] = [];
        const listener = await listen(t.address(), () => {}, { ...t.listenOpts, onError: (e) => errors.push(e) });
        await expect(connect(listener.address, { tls: {} })).rejects.toThrow(/connect to .* failed: .*self[- ]signed/i);
        await listener.close();
      });
    }
  });
}

describe("addresses and listeners", () => {
  it("rejects unsupported or malformed addresses with their text", async () => {
    await expect(listen("udp:1.2.3.4:5", () => {})).rejects.toThrow(/unsupported address "udp:1.2.3.4:5"/);
    await expect(connect("tcp:127.0.0.1:99999")).rejects.toThrow(/bad port "99999"/);
    await expect(listen("wss://127.0.0.1:0", () => {})).rejects.toThrow(/wss needs opts.tls/);
  });

  it("reports a refused connection and a port in use, naming the address", async () => {
    const l = await listen("tcp:127.0.0.1:0", () => {});
    await expect(listen(l.address, () => {})).rejects.toThrow(new RegExp(`listen on ${l.address} failed: .*EADDRINUSE`));
    await l.close();
    await expect(connect(l.address, { timeoutMs: 2000 })).rejects.toThrow(new RegExp(`connect to ${l.address} failed: .*ECONNREFUSED`));
  });

  it("a peer that ends the stream inside a frame closes the link with a FrameError", async () => {
    const closes: (Error | undefined)[] = [];
    const l = await listen("tcp:127.0.0.1:0", (link) => link.onClose((e) => closes.push(e)));
    const port = Number(l.address.split(":")[2]);
    const raw = net.connect({ host: "127.0.0.1", port });
    await new Promise((r) => raw.once("connect", r));
    raw.end(new Uint8Array([40, 0, 0, 0, 1, 1, 0, 0, 9, 9])); // 10 bytes of a 44-byte hello
    await until(() => closes.length === 1, "the truncated link to close");
    expect(closes[0]).toBeInstanceOf(FrameError);
    expect(closes[0]!.message).toMatch(/connection closed inside a frame \(10 bytes of it received\)/);
    await l.close();
  });

  it("refuses TLS options on a Unix socket", async () => {
    await expect(listen(`unix:${join(dir, "x.sock")}`, () => {}, { tls: { key: "k", cert: "c" } })).rejects.toThrow(/not Unix sockets/);
    await expect(connect(`unix:${join(dir, "x.sock")}`, { tls: {} })).rejects.toThrow(/not Unix sockets/);
  });

  it("a handshake that never starts times out and closes the link", async () => {
    const refused: Error[] = [];
    const l = await listen("tcp:127.0.0.1:0", (link) => void acceptPeer(link, TOKEN, 0, 200).catch((e: Error) => refused.push(e)));
    const silent = await connect(l.address);
    const closed: (Error | undefined)[] = [];
    silent.onClose((e) => closed.push(e));
    await until(() => refused.length === 1 && closed.length === 1, "the timeout");
    expect(refused[0]!.message).toMatch(/handshake \(server\) with tcp:127\.0\.0\.1:\d+ failed: timed out after 200 ms/);
    await l.close();
  });
});
