// Every RMA operation under one synchronization mode (--sync fence|pscw|lock|lockall|flush),
// every rank an origin to every rank: Put, Get, Accumulate (SUM, MAX, REPLACE), Get_accumulate
// (and NO_OP), Fetch_and_op, Compare_and_swap, derived datatypes on origin and target, and the
// request-based forms under passive target (MPI allows them there only). Window memory from
// --mem create (an ordinary array: the window works on a copy, copied back at Free) | alloc
// (Create over MPI.Alloc_mem) | allocate (Win.Allocate); origin and result buffers from --buf
// plain (ordinary arrays, staged) | alloc (MPI.Alloc_mem, in place).
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { commFromArgs, done } from "./util.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const sync = arg("sync", "fence");
const memKind = arg("mem", "create");
const bufKind = arg("buf", "plain");

const comm = commFromArgs();
const rank = comm.rank, size = comm.size;
const targets = Array.from({ length: size }, (_, r) => r);
type Win = InstanceType<typeof MPI.Win>;

// ---- the window layout (doubles): a slot per origin for puts, accumulate slots, a derived-type area ----
const PUT = 0;
const ACC = size; // 4 slots: SUM of (o + 1) * (k + 1)
const MAX = ACC + 4; // MAX of origin ranks
const REPL = MAX + 1; // REPLACE: one origin's value
const GACC = REPL + 1; // Get_accumulate SUM 1 from every origin
const DER = GACC + 1; // 8 doubles per origin, written through a vector type
const DACC = DER + 8 * size; // 8 doubles: every origin accumulates 1s through a vector type
const RPUT = DACC + 8; // one slot per origin, written by Rput
const RACC = RPUT + size; // Raccumulate SUM
const RGACC = RACC + 1; // Rget_accumulate SUM 1
const N = RGACC + 1;
// the int window: Fetch_and_op counter, Compare_and_swap word
const FOP = 0, CAS = 1, NI = 2;

type Ctor<T> = { new (n: number): T; new (b: ArrayBufferLike, off: number, n: number): T; BYTES_PER_ELEMENT: number };

/** A window over n elements of ctor, made as --mem says; and what its Free copies back into (create). */
function makeWindow<T extends Float64Array | Int32Array>(ctor: Ctor<T>, n: number): { win: Win; user?: T; view: T } {
  const bytes = n * ctor.BYTES_PER_ELEMENT;
  if (memKind === "allocate") {
    const win = MPI.Win.Allocate(bytes, ctor.BYTES_PER_ELEMENT, null, comm);
    return { win, view: win.tomemory(ctor) };
  }
  const user: T = memKind === "alloc" ? MPI.Alloc_mem(ctor, n) : new ctor(n);
  user.fill(0);
  const win = MPI.Win.Create(user, ctor.BYTES_PER_ELEMENT, null, comm);
  const view = win.tomemory(ctor);
  if (memKind === "alloc") assert.equal(view.byteOffset, user.byteOffset, "Alloc_mem memory is used in place");
  else assert.notEqual(view.buffer, user.buffer, "an ordinary array is copied into linear memory");
  return { win, user, view };
}

/** An origin/result buffer of n elements as --buf says. */
function buf<T extends Float64Array | Int32Array>(ctor: Ctor<T>, values: ArrayLike<number>): T {
  const b = bufKind === "alloc" ? MPI.Alloc_mem(ctor, values.length) : new ctor(values.length);
  b.set(values);
  return b;
}

const d = makeWindow(Float64Array, N);
const iw = makeWindow(Int32Array, NI);
const dwin = d.win, iwin = iw.win;
const world = dwin.Get_group();
assert.equal(world.size, size);

/** Runs body inside one epoch of the mode, on `win`, to every target; results are in place after it. */
function epoch(win: Win, body: (target: number) => void): void {
  switch (sync) {
    case "fence":
      win.Fence(MPI.MODE_NOPRECEDE);
      for (const t of targets) body(t);
      win.Fence(MPI.MODE_NOSUCCEED);
      break;
    case "pscw":
      win.Post(world);
      win.Start(world);
      for (const t of targets) body(t);
      win.Complete();
      win.Wait();
      break;
    case "lock":
      for (const t of targets) {
        win.Lock(t, t % 2 ? MPI.LOCK_SHARED : MPI.LOCK_EXCLUSIVE);
        body(t);
        win.Unlock(t);
      }
      break;
    case "lockall":
      win.Lock_all();
      for (const t of targets) body(t);
      win.Unlock_all();
      break;
    case "flush":
      // one epoch for everything; each target's operations completed by a flush
      win.Lock_all();
      for (const t of targets) {
        body(t);
        if (t % 2) win.Flush(t);
        else win.Flush_local(t);
      }
      win.Flush_all();
      win.Flush_local_all();
      win.Unlock_all();
      break;
    default:
      throw new Error(`--sync ${sync}?`);
  }
  // the targets' own view: every origin has finished its epoch
  comm.Barrier();
  if (sync === "lock" || sync === "lockall" || sync === "flush") win.Sync();
}

// ---- Put, Accumulate (SUM, MAX, REPLACE), derived target type ----
const vec = MPI.DOUBLE.Create_vector(4, 1, 2).Commit();
epoch(dwin, (t) => {
  dwin.Put(buf(Float64Array, [rank * 100 + t]), t, PUT + rank);
  dwin.Accumulate(buf(Float64Array, [1, 2, 3, 4].map((k) => (rank + 1) * k)), t, [ACC, 4, MPI.DOUBLE], MPI.SUM);
  dwin.Accumulate([buf(Float64Array, [rank]), 1, MPI.DOUBLE], t, MAX, MPI.MAX);
  if (rank === size - 1) dwin.Accumulate(buf(Float64Array, [42 + t]), t, REPL, MPI.REPLACE);
  // 4 contiguous doubles land at every other element of the origin's 8-double area
  dwin.Put(buf(Float64Array, [0, 1, 2, 3].map((k) => rank * 10 + k)), t, [DER + 8 * rank, 1, vec]);
  // and a strided origin (the odd elements) accumulated through the vector type
  dwin.Accumulate([buf(Float64Array, [9, 1, 9, 1, 9, 1, 9, 1]).subarray(1), 1, vec], t, [DACC, 1, vec], MPI.SUM);
});
const tri = (size * (size + 1)) / 2;
{
  const w = d.view;
  for (const o of targets) assert.equal(w[PUT + o], o * 100 + rank, `Put from ${o}`);
  assert.deepEqual(Array.from(w.subarray(ACC, ACC + 4)), [1, 2, 3, 4].map((k) => k * tri), "Accumulate SUM");
  assert.equal(w[MAX], size - 1, "Accumulate MAX");
  assert.equal(w[REPL], 42 + rank, "Accumulate REPLACE");
  for (const o of targets)
    assert.deepEqual(Array.from(w.subarray(DER + 8 * o, DER + 8 * o + 8)), [0, 0, 1, 0, 2, 0, 3, 0].map((k, i) => (i % 2 ? 0 : o * 10 + k)), `Put through a vector type from ${o}`);
  assert.deepEqual(Array.from(w.subarray(DACC, DACC + 8)), [size, 0, size, 0, size, 0, size, 0], "Accumulate through vector types");
}

// ---- Get (contiguous, and into a strided origin: the gaps keep their values), Get_accumulate, NO_OP ----
const gets: Float64Array[] = [];
const strided: Float64Array[] = [];
const fetched: Float64Array[] = [];
const peeked: Float64Array[] = [];
epoch(dwin, (t) => {
  const g = buf(Float64Array, new Array(size).fill(-1));
  dwin.Get(g, t, [PUT, size, MPI.DOUBLE]);
  gets[t] = g;
  const s = buf(Float64Array, new Array(8).fill(-1));
  dwin.Get([s, 1, vec], t, [ACC, 4, MPI.DOUBLE]);
  strided[t] = s;
  const r = buf(Float64Array, [-1]);
  dwin.Get_accumulate(buf(Float64Array, [1]), r, t, GACC, MPI.SUM);
  fetched[t] = r;
  const p = buf(Float64Array, [-1]);
  dwin.Get_accumulate(null, p, t, REPL, MPI.NO_OP);
  peeked[t] = p;
});
for (const t of targets) {
  assert.deepEqual(Array.from(gets[t]), targets.map((o) => o * 100 + t), `Get from ${t}`);
  assert.deepEqual(Array.from(strided[t]), [1, -1, 2, -1, 3, -1, 4, -1].map((k) => (k > 0 ? k * tri : k)), `Get into a vector type from ${t}`);
  assert.equal(peeked[t][0], 42 + t, `Get_accumulate NO_OP from ${t}`);
}
assert.equal(d.view[GACC], size, "Get_accumulate SUM");
{
  // each target handed out 0 .. size-1 once
  const all = comm.allgather(targets.map((t) => fetched[t][0])) as number[][];
  for (const t of targets) assert.deepEqual(all.map((row) => row[t]).sort((a, b) => a - b), targets, `Get_accumulate results at ${t}`);
}

// ---- Fetch_and_op, Compare_and_swap on the int window ----
const fops: Int32Array[] = [];
const cas: Int32Array[] = [];
epoch(iwin, (t) => {
  // the results arrive by the synchronization that ends the epoch
  fops[t] = buf(Int32Array, [-1]);
  iwin.Fetch_and_op(buf(Int32Array, [1]), fops[t], t, FOP, MPI.SUM);
  cas[t] = buf(Int32Array, [-1]);
  iwin.Compare_and_swap(buf(Int32Array, [rank + 1]), buf(Int32Array, [0]), cas[t], t, CAS);
});
{
  const f = targets.map((t) => fops[t][0]);
  const c = targets.map((t) => cas[t][0]);
  const all = comm.allgather([f, c]) as [number[], number[]][];
  assert.equal(iw.view[FOP], size, "Fetch_and_op SUM");
  const winner = iw.view[CAS] - 1;
  assert.ok(winner >= 0 && winner < size, `Compare_and_swap: ${iw.view[CAS]}`);
  const mine = all.map(([, cs]) => cs[rank]);
  assert.deepEqual(all.map(([fs]) => fs[rank]).sort((a, b) => a - b), targets, "Fetch_and_op results");
  assert.equal(mine[winner], 0, "the winner saw 0");
  for (const o of targets) if (o !== winner) assert.equal(mine[o], winner + 1, `origin ${o} saw the winner's value`);
}

// ---- request-based operations (passive target only) ----
if (sync === "lock" || sync === "lockall" || sync === "flush") {
  const rfetch: Float64Array[] = [];
  epoch(dwin, (t) => {
    const reqs = [
      dwin.Rput(buf(Float64Array, [rank + 0.25]), t, RPUT + rank),
      dwin.Raccumulate(buf(Float64Array, [rank + 1]), t, RACC, MPI.SUM),
    ];
    const g = buf(Float64Array, [-1, -1]);
    const rg = dwin.Rget(g, t, [ACC, 2, MPI.DOUBLE]);
    const f = buf(Float64Array, [-1]);
    const rf = dwin.Rget_accumulate(buf(Float64Array, [1]), f, t, RGACC, MPI.SUM);
    // a request's data is in place when it completes, before the epoch ends
    rg.Wait();
    assert.deepEqual(Array.from(g), [tri, 2 * tri], `Rget from ${t}`);
    // ... or after a flush, before its request is completed
    const g2 = buf(Float64Array, [-1]);
    const rg2 = dwin.Rget(g2, t, [ACC + 2, 1, MPI.DOUBLE]);
    dwin.Flush(t);
    assert.equal(g2[0], 3 * tri, `Rget from ${t}, flushed`);
    rg2.Wait();
    assert.equal(g2[0], 3 * tri);
    MPI.Request.Waitall([...reqs, rf]);
    rfetch[t] = f;
  });
  const w = d.view;
  for (const o of targets) assert.equal(w[RPUT + o], o + 0.25, `Rput from ${o}`);
  assert.equal(w[RACC], tri, "Raccumulate");
  assert.equal(w[RGACC], size, "Rget_accumulate");
  const all = comm.allgather(targets.map((t) => rfetch[t][0])) as number[][];
  for (const t of targets) assert.deepEqual(all.map((row) => row[t]).sort((a, b) => a - b), targets, `Rget_accumulate results at ${t}`);
} else {
  // MPI allows request-based operations in passive-target epochs only
  dwin.Fence(MPI.MODE_NOPRECEDE);
  assert.throws(() => dwin.Rput(new Float64Array(1), rank, 0), (e: Error) => e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_RMA_SYNC && /MPI_Rput/.test(e.message));
  dwin.Fence(MPI.MODE_NOSUCCEED);
}

// ---- Free: a window over an ordinary array copies its final contents back ----
const finalD = Float64Array.from(d.view);
const finalI = Int32Array.from(iw.view);
vec.Free();
world.Free();
dwin.Free();
iwin.Free();
assert.ok(dwin.isNull() && iwin.isNull());
if (d.user) assert.deepEqual(Array.from(d.user), Array.from(finalD), "Free copies the window back");
if (iw.user) assert.deepEqual(Array.from(iw.user), Array.from(finalI), "Free copies the window back");
done();
