// The Promise forms inside a rank: top-level await on waitAsync of a nonblocking exchange, and an
// object moved with isend/irecv; the rank is done when its module (top-level await too) settles.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const { rank, size } = comm;
const next = (rank + 1) % size, prev = (rank + size - 1) % size;
const got = new Float64Array(4);
const r = comm.Irecv(got, prev, 5);
comm.Isend(new Float64Array(4).fill(rank + 0.5), next, 5).Wait();
await r.waitAsync();
const obj = comm.irecv(prev, 6);
comm.isend({ from: rank, list: [1, "two", { three: 3 }] }, next, 6).wait();
const o = await obj.waitAsync();
console.log(`rank ${rank}: got ${got[0]} and`, o);
