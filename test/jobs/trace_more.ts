// The other families a trace covers (test/trace.test.ts): persistent requests, probes, nonblocking
// collectives, communicator management, RMA synchronisation and operations, and MPI-IO. Every call
// here appears once per rank in the trace; the file is argv[2] (in the working directory).
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();
const next = (rank + 1) % size;
const prev = (rank + size - 1) % size;

// persistent: one Send_init / Recv_init pair started once
const out = new Int32Array([rank]);
const got = new Int32Array(1);
const ps = comm.Send_init(out, next, 9);
const pr = comm.Recv_init(got, prev, 9);
pr.Start();
ps.Start();
ps.Wait();
pr.Wait();
ps.Free();
pr.Free();

// probe, then the receive it found
comm.Send(out, next, 10);
comm.Probe(prev, 10);
comm.Recv(got, prev, 10);

// a nonblocking collective and a barrier
const sum = new Int32Array(1);
comm.Iallreduce(new Int32Array([1]), sum, MPI.SUM).Wait();
comm.Barrier();

// communicators
const dup = comm.Dup();
const half = comm.Split(rank % 2, rank);
half.Free();
dup.Free();

// one-sided: a fence epoch with a Put and a Get, then a lock epoch
const win = MPI.Win.Allocate(8 * size, 8, null, comm);
win.Fence();
win.Put(new Float64Array([rank]), next, [rank, 1, MPI.DOUBLE]);
win.Fence();
const back = new Float64Array(1);
win.Lock(prev);
win.Get(back, prev, [prev, 1, MPI.DOUBLE]);
win.Unlock(prev);
win.Free();

// MPI-IO: each rank writes its block
const file = MPI.File.Open(comm, process.argv[2], MPI.MODE_CREATE | MPI.MODE_WRONLY);
file.Write_at(4 * rank, out);
file.Close();

console.log(`rank ${rank}: ${got[0] === prev && sum[0] === size ? "No Errors" : "wrong"}`);
