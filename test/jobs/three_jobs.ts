// Three independent jobs, where the second passes the ranks of the first to the third (issue 9):
//   wmpiexec -n N three_jobs.ts a DIR   (opens a port, writes DIR/ab, accepts b)
//   wmpiexec -n M three_jobs.ts b DIR   (connects to a; then b's rank 0 opens DIR/abc, and a and b accept c together)
//   wmpiexec -n K three_jobs.ts c DIR   (connects to the port of a and b)
// With "pages" after DIR, a opens both ports (DIR/ab and DIR/abc) and is the root of the second
// accept: b and c are then pages (test/browser/programs/join-three.ts), which cannot open ports
// another job can reach.
// c learns a's ranks only by their names, from b; every rank then exchanges with every other rank
// of the merged communicator of all three (alltoall, allgather, allreduce), so c and a talk
// directly. They can because b told c how to reach a when they met.
import assert from "node:assert/strict";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MPI } from "wmpi";
import { allPairs } from "./connect-round.js";
import { done } from "./util.js";

const [role, dir, pages] = process.argv.slice(2);
const forPages = pages === "pages";
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

let all!: InstanceType<typeof MPI.Intracomm>;
if (role === "c") {
  const port = rank === 0 ? hear(path.join(dir, "abc")) : "";
  all = world.Connect(port).Merge(true);
} else {
  let ab: InstanceType<typeof MPI.Intracomm>;
  if (role === "a") {
    const port = rank === 0 ? MPI.Open_port() : "";
    if (rank === 0) say(path.join(dir, "ab"), port);
    ab = world.Accept(port).Merge(false);
    if (forPages) {
      const second = rank === 0 ? MPI.Open_port() : "";
      if (rank === 0) say(path.join(dir, "abc"), second);
      all = ab.Accept(second).Merge(false);
    }
  } else {
    const port = rank === 0 ? hear(path.join(dir, "ab")) : "";
    ab = world.Connect(port).Merge(true);
  }
  // the port of a and b is b's first rank's: c meets b, and hears of a's ranks from b
  if (!forPages) all = acceptThird(ab);
}

function acceptThird(ab: InstanceType<typeof MPI.Intracomm>): InstanceType<typeof MPI.Intracomm> {
  const root = ab.Get_size() - (role === "b" ? world.Get_size() : ab.Get_size() - world.Get_size());
  const mine = role === "b" && rank === 0;
  const port = mine ? MPI.Open_port() : "";
  if (mine) say(path.join(dir, "abc"), port);
  const merged = ab.Accept(port, null, root).Merge(false);
  if (mine) rmSync(path.join(dir, "abc"));
  return merged;
}

allPairs(all, `${role}${rank}`);
all.Free();
done();
