// One round of two jobs meeting through a port (issue 9), run by both sides:
// the server's and client's wmpiexec jobs (dyn_jobs.ts), and a page's ranks
// connecting to a Node job (browser/programs/join.ts). Point-to-point both
// ways (eager and rendezvous sizes), collectives over the intercommunicator
// (allreduce, bcast from a root of each side, allgather), Merge with the
// server's ranks first and a collective and one-sided Put/Get on the merged
// communicator. No node: imports, for the page.
import { MPI } from "wmpi";

type Intracomm = InstanceType<typeof MPI.Intracomm>;
type Intercomm = ReturnType<Intracomm["Accept"]>;

function check(ok: boolean, what = "check failed"): void {
  if (!ok) throw new Error(what);
}

/** Deep equality of plain data, by its JSON. */
function same(got: unknown, want: unknown): void {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  if (g !== w) throw new Error(`expected ${w}, got ${g}`);
}

export function connectRound(inter: Intercomm, server: boolean, round: number): void {
  const world = MPI.COMM_WORLD;
  const rank = world.Get_rank(), size = world.Get_size();
  const remote = inter.Get_remote_size();
  check(inter.Is_inter());
  // every rank sends its rank and side to remote rank 0, which answers each with an object
  inter.Send(new Int32Array([rank, server ? 1 : 2]), 0, 1);
  if (rank === 0) {
    const seen: number[] = [];
    for (let i = 0; i < remote; i++) {
      const v = new Int32Array(2);
      const st = new MPI.Status();
      inter.Recv(v, MPI.ANY_SOURCE, 1, st);
      same(v[1], server ? 2 : 1);
      same(v[0], st.Get_source());
      seen.push(v[0]);
      inter.send({ round, to: v[0], from: server ? "server" : "client" }, st.Get_source(), 2);
    }
    same(seen.sort((a, b) => a - b), Array.from({ length: remote }, (_, i) => i));
  }
  same(inter.recv(0, 2), { round, to: rank, from: server ? "client" : "server" });
  // a rendezvous-sized message each way between the last ranks
  const big = new Float64Array(300_000);
  if (rank === size - 1) {
    const peer = remote - 1;
    const mine = big.map((_, i) => i * (server ? 1 : -1) + round);
    const theirs = new Float64Array(big.length);
    inter.Sendrecv(mine, peer, 3, theirs, peer, 3);
    same(theirs[12345], 12345 * (server ? -1 : 1) + round);
    same(theirs[big.length - 1], (big.length - 1) * (server ? -1 : 1) + round);
  }
  // collectives across the two jobs
  same(inter.allreduce(rank + 1), (remote * (remote + 1)) / 2);
  const fromServer = inter.bcast(server ? (rank === 0 ? { round, hello: "from the server" } : null) : null, server ? (rank === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0);
  if (!server) same(fromServer, { round, hello: "from the server" });
  const ints = new Int32Array(remote);
  inter.Allgather(new Int32Array([rank * 10 + (server ? 1 : 2)]), ints);
  same([...ints], Array.from({ length: remote }, (_, i) => i * 10 + (server ? 2 : 1)));
  // one communicator of both jobs: the server's ranks first
  const merged = inter.Merge(!server);
  const nServer = server ? size : remote;
  const me = merged.Get_rank();
  same(me, server ? rank : nServer + rank);
  same(merged.Get_size(), size + remote);
  const all = merged.allgather(`${server ? "s" : "c"}${rank}`);
  same(all.slice(0, nServer), Array.from({ length: nServer }, (_, i) => `s${i}`));
  // one-sided: each rank puts its merged rank into the next rank's window, then reads it back
  const n = merged.Get_size();
  const win = MPI.Win.Allocate(8, 4, null, merged);
  const mem = win.tomemory(Int32Array);
  win.Fence();
  win.Put(new Int32Array([me + 1000 * round]), (me + 1) % n, 0);
  win.Fence();
  same(mem[0], ((me - 1 + n) % n) + 1000 * round);
  const back = new Int32Array(1);
  win.Get(back, (me + 1) % n, 0);
  win.Fence();
  same(back[0], me + 1000 * round);
  win.Free();
  merged.Free();
}

/**
 * Every rank of `all` (ranks of several jobs, merged) exchanges with every
 * other directly: an allgather of the ranks' tags (all different), an
 * Alltoall of values naming sender and receiver, and an allreduce.
 */
export function allPairs(all: Intracomm, tag: string): void {
  const me = all.Get_rank(), n = all.Get_size();
  const names = all.allgather(tag);
  same(new Set(names).size, n);
  same(names[me], tag);
  const out = Int32Array.from({ length: n }, (_, to) => me * 1000 + to);
  const back = new Int32Array(n);
  all.Alltoall(out, back);
  same([...back], Array.from({ length: n }, (_, from) => from * 1000 + me));
  same(all.allreduce(1), n);
}
