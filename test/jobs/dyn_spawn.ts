// Spawning from the facade (issue 9): the parents (COMM_WORLD, or each parent alone over
// COMM_SELF with --self) spawn this same program as children, then talk across the
// parent/child intercommunicator (buffers and objects, point-to-point and collectives), merge
// it, and disconnect. --nested: each child group spawns one grandchild in turn. --processes /
// --threads: the children (and grandchildren) are a job of processes / threads of the root's
// process (info wmpi_mode); otherwise they go where the job's launcher puts them.
//   args: <children> [--self] [--nested] [--processes | --threads]
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MPI } from "wmpi";
import { done } from "./util.js";

// the TypeScript source itself: wmpiexec transpiles it once for the job and every spawn of it
const self = path.join(path.dirname(fileURLToPath(import.meta.url)), "dyn_spawn.ts");
const parent = MPI.Comm.Get_parent();
const world = MPI.COMM_WORLD;
const rank = world.Get_rank();
const nested = process.argv.includes("--nested");
const modeFlag = process.argv.find((a) => a === "--processes" || a === "--threads");
const mode = modeFlag === undefined ? undefined : modeFlag === "--processes" ? "process" : "thread";
/** The spawn's info: wmpi_mode with --processes or --threads (passed on to the children's own spawns). */
function spawnInfo(): InstanceType<typeof MPI.Info> | null {
  return mode ? MPI.Info.Create({ wmpi_mode: mode }) : null;
}

/** Both sides of one parent/child intercommunicator; `isParent` says which this is. */
function exercise(inter: InstanceType<typeof MPI.Intercomm>, isParent: boolean): void {
  const me = inter.Get_rank();
  const rsize = inter.Get_remote_size();
  // the parents' rank 0 broadcasts a buffer and an object
  const b = new Int32Array([isParent ? 4242 : 0]);
  inter.Bcast(b, isParent ? (me === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0);
  if (!isParent) assert.equal(b[0], 4242, "Bcast across");
  const o = inter.bcast(isParent && me === 0 ? { hello: "children", n: rsize } : undefined, isParent ? (me === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0);
  if (!isParent) assert.deepEqual(o, { hello: "children", n: inter.Get_size() });
  // each side's allreduce is the other side's sum
  const sum = inter.allreduce(isParent ? 1000 + me : me);
  const want = isParent ? (rsize * (rsize - 1)) / 2 : Array.from({ length: rsize }, (_, i) => 1000 + i).reduce((a, c) => a + c, 0);
  assert.equal(sum, want, "allreduce across");
  // point-to-point: child i and parent i % parents, both directions, an object and a buffer
  if (isParent) {
    for (let c = me; c < rsize; c += inter.Get_size()) {
      inter.send({ to: c }, c, 1);
      const back = new Float64Array(3);
      inter.Recv(back, c, 2);
      assert.deepEqual(Array.from(back), [c, me, 0.5]);
    }
  } else {
    const got = inter.recv(me % rsize, 1) as { to: number };
    assert.equal(got.to, me);
    inter.Send(new Float64Array([me, me % rsize, 0.5]), me % rsize, 2);
  }
  // merged: parents first, with ranks in order
  const all = inter.Merge(!isParent);
  assert.equal(all.Get_size(), inter.Get_size() + rsize);
  assert.equal(all.Get_rank(), isParent ? me : rsize + me);
  const gathered = all.allgather(isParent ? `p${me}` : `c${me}`);
  assert.deepEqual(gathered, [...Array.from({ length: isParent ? inter.Get_size() : rsize }, (_, i) => `p${i}`), ...Array.from({ length: isParent ? rsize : inter.Get_size() }, (_, i) => `c${i}`)]);
  all.Free();
}

if (parent === MPI.COMM_NULL) {
  const children = Number(process.argv[2] ?? 2);
  const alone = process.argv.includes("--self");
  const comm = alone ? MPI.COMM_SELF : world;
  const errcodes: number[] = [];
  const args = ["child", ...(nested ? ["--nested"] : []), ...(modeFlag ? [modeFlag] : [])];
  // maxprocs and errcodes mean something at the root only (as in MPI): the others pass neither
  const atRoot = comm.Get_rank() === 0;
  const inter = atRoot ? comm.Spawn(self, args, children, spawnInfo(), 0, errcodes) : comm.Spawn(self, args);
  assert.deepEqual(errcodes, atRoot ? new Array(children).fill(MPI.SUCCESS) : []);
  assert.ok(inter instanceof MPI.Intercomm);
  assert.equal(inter.Get_remote_size(), children);
  exercise(inter, true);
  if (nested && rank === 0) assert.equal(inter.recv(0, 7), "grandchild says hello", "word from the grandchild, through a child");
  inter.Disconnect();
  assert.equal(inter.handle, MPI.COMM_NULL.handle);
  done();
} else if (process.argv.includes("--grandchild")) {
  // the grandchild's parents are the children: each hears from it
  for (let p = 0; p < parent.Get_remote_size(); p++) parent.send("grandchild says hello", p, 6);
  parent.Disconnect();
  console.log(`grandchild ${rank}: No Errors`);
} else {
  assert.equal(process.argv[2], "child");
  assert.equal(world.Get_attr(MPI.APPNUM), 0);
  exercise(parent, false);
  if (nested) {
    const grand = world.Spawn(self, ["child", "--grandchild"], 1, spawnInfo());
    assert.equal(grand.Get_remote_size(), 1);
    const word = grand.recv(0, 6);
    if (rank === 0) parent.send(word, 0, 7);
    grand.Disconnect();
  }
  parent.Disconnect();
  assert.equal(MPI.Comm.Get_parent(), MPI.COMM_NULL, "Get_parent after Disconnect");
  console.log(`child ${rank}: No Errors`);
}
