// Stress (issue 3, section 7): 100,000 messages of log-uniform sizes 0 B..64 KiB plus 500 of
// 64 KiB..4 MiB, random destinations, tags and send modes, received through a standing
// ANY_SOURCE/ANY_TAG receive and probes. Every message's bytes and the order per (source, tag)
// are checked against the plan, which every rank derives from the same seed.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done } from "./util.js";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const SMALL = arg("--small", 100_000);
const LARGE = arg("--large", 500);
const TAGS = 8;
const WINDOW = 16;
const MAX = 4 << 20;

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Mode = "Isend" | "Issend" | "Ibsend" | "Send";
interface Planned { index: number; src: number; dst: number; tag: number; bytes: number; mode: Mode }

const rand = rng(12345);
const plan: Planned[] = [];
const logUniform = (lo: number, hi: number) => Math.floor(Math.exp(Math.log(lo + 1) + rand() * (Math.log(hi + 1) - Math.log(lo + 1)))) - 1;
let largeSoFar = 0;
for (let i = 0; i < SMALL + LARGE; i++) {
  const large = i % Math.floor((SMALL + LARGE) / Math.max(LARGE, 1)) === 0 && largeSoFar < LARGE;
  if (large) largeSoFar++;
  const bytes = large ? logUniform(65537, MAX) : logUniform(0, 65536);
  // A blocking standard Send is safe here only while it goes eagerly (any rendezvous would wait
  // for a receive this loop has not posted): keep it to sizes under every eager limit we test.
  const modes: Mode[] = bytes <= 64 ? ["Isend", "Issend", "Ibsend", "Send"] : bytes <= 4096 ? ["Isend", "Issend", "Ibsend"] : ["Isend", "Issend"];
  plan.push({ index: i, src: Math.floor(rand() * size), dst: Math.floor(rand() * size), tag: Math.floor(rand() * TAGS), bytes, mode: modes[Math.floor(rand() * modes.length)] });
}

function payload(index: number, bytes: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(bytes / 4));
  let x = (index * 2654435761) >>> 0;
  for (let i = 0; i < words.length; i++) words[i] = x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
  return new Uint8Array(words.buffer, 0, bytes);
}

const mine = plan.filter((p) => p.src === rank);
// what arrives here, in send order per (source, tag)
const expected = new Map<string, Planned[]>();
for (const p of plan) if (p.dst === rank) {
  const k = `${p.src}/${p.tag}`;
  if (!expected.has(k)) expected.set(k, []);
  expected.get(k)!.push(p);
}
const got = new Map<string, number>();
const total = plan.filter((p) => p.dst === rank).length;
let received = 0;

// a rank sends DONE to everyone once its sends completed and it received all its messages
const DONE = 9999;
let dones = 0;
let sentDone = false;
const busy = () => received < total || dones < size;

function verify(data: Uint8Array, st: InstanceType<typeof MPI.Status>): void {
  if (st.Get_tag() === DONE) {
    assert.equal(st.Get_count(), 0);
    dones++;
    return;
  }
  const k = `${st.Get_source()}/${st.Get_tag()}`;
  const n = got.get(k) ?? 0;
  const want = expected.get(k)?.[n];
  assert.ok(want, `unexpected message ${k} #${n}`);
  assert.equal(st.Get_count(), want.bytes, `size of ${k} #${n} (message ${want.index})`);
  assert.ok(Buffer.from(data.buffer, data.byteOffset, want.bytes).equals(payload(want.index, want.bytes)), `bytes of message ${want.index}`);
  got.set(k, n + 1);
  received++;
}

MPI.Attach_buffer(16 << 20);
const standingBufs = [new Uint8Array(MAX), MPI.Alloc_mem(Uint8Array, MAX)];
let standingTurn = 0;
let standing: InstanceType<typeof MPI.Request> | undefined;
const post = () => {
  standing = busy() ? comm.Irecv(standingBufs[standingTurn++ % 2], MPI.ANY_SOURCE, MPI.ANY_TAG) : undefined;
};
const pick = rng(rank + 1);
const st = new MPI.Status();
const scratch = new Uint8Array(MAX);

/** Receives what is already waiting, in varied ways, while the standing receive is not posted. */
function drainProbed(): void {
  while (busy() && pick() < 0.7 && comm.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG, st)) {
    const src = st.Get_source();
    const tag = st.Get_tag();
    const style = Math.floor(pick() * 3);
    if (style === 0) {
      const exact = new Uint8Array(st.Get_count());
      comm.Recv(exact, src, tag, st);
      verify(exact, st);
    } else if (style === 1) {
      const m = comm.Mprobe(src, MPI.ANY_TAG, st);
      const exact = new Uint8Array(st.Get_count());
      m.Recv(exact, st);
      verify(exact, st);
    } else {
      comm.Recv(scratch, src, MPI.ANY_TAG, st);
      verify(scratch, st);
    }
  }
}

post();
let next = 0;
const outstanding: InstanceType<typeof MPI.Request>[] = [];
while (next < mine.length || outstanding.length > 0 || busy()) {
  if (next === mine.length && outstanding.length === 0 && received === total && !sentDone) {
    for (let r = 0; r < size; r++) outstanding.push(comm.Isend(new Uint8Array(0), r, DONE));
    sentDone = true;
  }
  while (next < mine.length && outstanding.length < WINDOW) {
    const p = mine[next++];
    const data = payload(p.index, p.bytes);
    if (p.mode === "Send") comm.Send(data, p.dst, p.tag);
    else outstanding.push(comm[p.mode](data, p.dst, p.tag));
  }
  const reqs = standing ? [standing, ...outstanding] : outstanding;
  if (reqs.length === 0) continue;
  const i = MPI.Request.Waitany(reqs, st);
  if (standing && i === 0) {
    verify(standingBufs[(standingTurn - 1) % 2], st);
    drainProbed();
    post();
  } else {
    outstanding.splice(standing ? i - 1 : i, 1);
  }
}

// every rank's DONE came after all its messages: nothing extra may be left over
assert.equal(comm.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG), false, "a message nobody planned arrived");
for (const [k, list] of expected) assert.equal(got.get(k), list.length, `count for ${k}`);
MPI.Detach_buffer();
console.log(`rank ${rank}: sent ${mine.length}, received ${received} messages`);
done();
