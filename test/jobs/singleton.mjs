// Run with plain `node`: a 1-rank job on the main thread, blocking calls and an event loop alike.
import assert from "node:assert/strict";
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
assert.equal(comm.size, 1);
const into = new Float64Array(3);
const r = comm.Irecv(into, 0, 1);
comm.Send(new Float64Array([1, 2, 3]), 0, 1);
r.Wait();
assert.deepEqual(Array.from(into), [1, 2, 3]);
// an event-loop program: the receive completes while the loop runs a timer that sends
const pending = comm.irecv(0, 2);
setTimeout(() => comm.send({ late: true }, 0, 2), 5);
assert.deepEqual(await pending.waitAsync(), { late: true });
const big = new Uint8Array(1 << 20).fill(9);
assert.deepEqual(comm.sendrecv(big, 0, 3, 0, 3), big);
console.log("rank 0: No Errors");
