// Three independent jobs, where the second passes the ranks of the first to the third (issue 9):
//   wmpiexec -n N three_jobs.ts a DIR   (opens a port, writes DIR/ab, accepts b)
//   wmpiexec -n M three_jobs.ts b DIR   (connects to a; then b's rank 0 opens DIR/abc, and a and b accept c together)
//   wmpiexec -n K three_jobs.ts c DIR   (connects to the port of a and b)
// c learns a's ranks only by their names, from b; every rank then exchanges with every other rank
// of the merged communicator of all three (alltoall, allgather, allreduce), so c and a talk
// directly. They can because b told c how to reach a when they met.
import assert from "node:assert/strict";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MPI } from "wmpi";
import { done } from "./util.js";

const [role, dir] = process.argv.slice(2);
const world = MPI.COMM_WORLD;
const rank = world.Get_rank();

function say(file: string, port: string): void {
  writeFileSync(`${file}.tmp`, port);
  renameSync(`${file}.tmp`, file);
}

function hear(file: string): string {
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    assert.ok(Date.now() < deadline, `nobody wrote ${file}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return readFileSync(file, "utf8");
}

let all: InstanceType<typeof MPI.Intracomm>;
if (role === "c") {
  const port = rank === 0 ? hear(path.join(dir, "abc")) : "";
  all = world.Connect(port).Merge(true);
} else {
  let ab: InstanceType<typeof MPI.Intracomm>;
  if (role === "a") {
    const port = rank === 0 ? MPI.Open_port() : "";
    if (rank === 0) say(path.join(dir, "ab"), port);
    ab = world.Accept(port).Merge(false);
  } else {
    const port = rank === 0 ? hear(path.join(dir, "ab")) : "";
    ab = world.Connect(port).Merge(true);
  }
  // the port of a and b is b's first rank's: c meets b, and hears of a's ranks from b
  const root = ab.Get_size() - (role === "b" ? world.Get_size() : ab.Get_size() - world.Get_size());
  const mine = role === "b" && rank === 0;
  const port = mine ? MPI.Open_port() : "";
  if (mine) say(path.join(dir, "abc"), port);
  all = ab.Accept(port, null, root).Merge(false);
  if (mine) rmSync(path.join(dir, "abc"));
}

const me = all.Get_rank(), n = all.Get_size();
const tag = `${role}${rank}`;
const names = all.allgather(tag);
assert.equal(new Set(names).size, n);
assert.equal(names[me], tag);
// every pair of ranks exchanges directly
const out = Int32Array.from({ length: n }, (_, to) => me * 1000 + to);
const back = new Int32Array(n);
all.Alltoall(out, back);
assert.deepEqual([...back], Array.from({ length: n }, (_, from) => from * 1000 + me));
assert.equal(all.allreduce(1), n);
all.Free();
done();
