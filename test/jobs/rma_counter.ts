// mpi4py's nxtval demo, hammered: a distributed counter on rank 0's window that every rank
// increments --n times under a shared lock (Fetch_and_op, and Get_accumulate as nxtval-mpi3.py
// does), and a mutex built on it guarding a read-modify-write of plain Put/Get. No increment may
// be lost: the values handed out are exactly 0 .. n*size-1, and the guarded sum is exact.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done } from "./util.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const n = arg("n", 500);
const comm = MPI.COMM_WORLD;
const rank = comm.rank, size = comm.size;

/** nxtval: a counter in rank 0's window (mpi4py's Counter, with Fetch_and_op or Get_accumulate). */
class Counter {
  readonly win: InstanceType<typeof MPI.Win>;
  private readonly one = new Int32Array(1);
  private readonly result = new Int32Array(1);
  constructor(private readonly fetchAndOp: boolean) {
    this.win = MPI.Win.Allocate(rank === 0 ? 4 : 0, 4, null, comm);
    if (rank === 0) this.win.tomemory(Int32Array)[0] = 0;
    comm.Barrier();
  }
  next(increment = 1): number {
    this.one[0] = increment;
    this.win.Lock(0, MPI.LOCK_SHARED);
    if (this.fetchAndOp) this.win.Fetch_and_op(this.one, this.result, 0, 0, MPI.SUM);
    else this.win.Get_accumulate([this.one, 1, MPI.INT], [this.result, 1, MPI.INT], 0, 0, MPI.SUM);
    this.win.Unlock(0);
    return this.result[0];
  }
  free(): void {
    this.win.Free();
  }
}

for (const fetchAndOp of [true, false]) {
  const counter = new Counter(fetchAndOp);
  const mine: number[] = [];
  for (let i = 0; i < n; i++) mine.push(counter.next());
  for (let i = 1; i < mine.length; i++) assert.ok(mine[i] > mine[i - 1], "one rank's values increase");
  const all = (comm.allgather(mine) as number[][]).flat().sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: n * size }, (_, i) => i), `every value once (${fetchAndOp ? "Fetch_and_op" : "Get_accumulate"})`);
  comm.Barrier();
  if (rank === 0) assert.equal(counter.win.tomemory(Int32Array)[0], n * size);
  counter.free();
}

// mpi4py's Mutex on the counter: a critical section doing Get, add, Put on a plain window
{
  const mutex = new Counter(true);
  const lock = () => {
    while (mutex.next(+1) !== 0) mutex.next(-1);
  };
  const unlock = () => void mutex.next(-1);
  const data = MPI.Win.Allocate(rank === 0 ? 8 : 0, 8, null, comm);
  const value = new Float64Array(1);
  const rounds = Math.max(1, Math.floor(n / 10));
  for (let i = 0; i < rounds; i++) {
    lock();
    data.Lock(0, MPI.LOCK_SHARED); // the mutex gives exclusion; the lock makes the epoch
    data.Get(value, 0);
    data.Flush(0);
    value[0] += 1;
    data.Put(value, 0);
    data.Unlock(0);
    unlock();
  }
  comm.Barrier();
  if (rank === 0) assert.equal(data.tomemory(Float64Array)[0], rounds * size, "no update lost under the mutex");
  data.Free();
  mutex.free();
}
done();
