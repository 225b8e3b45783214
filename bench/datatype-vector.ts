// Non-contiguous sends: a stride-2 vector of doubles received as contiguous
// doubles, and received as the same vector, against a contiguous send of the
// same bytes, measured in the same run (all buffers from Alloc_mem, so the
// facade stages nothing). Run with 2 ranks:
//   npx wmpiexec -n 2 bench/datatype-vector.ts
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
if (comm.Get_size() !== 2) throw new Error("run with 2 ranks");

/** Seconds per one-way message, from a ping-pong whose reply is 1 byte. */
function oneWay(send: () => void, recv: () => void, reps: number): number {
  const ack = new Uint8Array(1);
  for (let i = 0; i < 3; i++) rank === 0 ? (send(), comm.Recv(ack, 1)) : (recv(), comm.Send(ack, 0));
  comm.Barrier();
  const t0 = MPI.Wtime();
  for (let i = 0; i < reps; i++) rank === 0 ? (send(), comm.Recv(ack, 1)) : (recv(), comm.Send(ack, 0));
  return (MPI.Wtime() - t0) / reps;
}

if (rank === 0) console.log("doubles    vector ms  vector-vector ms  contiguous ms  ratio  ratio-vv");
for (const n of [1 << 10, 1 << 14, 1 << 18, 1 << 21]) {
  const vec = MPI.DOUBLE.Create_vector(n, 1, 2).Commit();
  const strided = MPI.Alloc_mem(Float64Array, 2 * n);
  const dense = MPI.Alloc_mem(Float64Array, n);
  const reps = Math.max(10, Math.min(2000, (1 << 24) / n));
  const tv = oneWay(() => comm.Send([strided, 1, vec], 1), () => comm.Recv([dense, n, MPI.DOUBLE], 0), reps);
  const tvv = oneWay(() => comm.Send([strided, 1, vec], 1), () => comm.Recv([strided, 1, vec], 0), reps);
  const tc = oneWay(() => comm.Send(dense, 1), () => comm.Recv(dense, 0), reps);
  const ms = (t: number, w: number) => (t * 1e3).toFixed(3).padStart(w);
  if (rank === 0)
    console.log(`${String(n).padStart(8)}  ${ms(tv, 10)}  ${ms(tvv, 16)}  ${ms(tc, 13)}  ${(tv / tc).toFixed(2).padStart(5)}  ${(tvv / tc).toFixed(2).padStart(8)}`);
  MPI.Free_mem(strided);
  MPI.Free_mem(dense);
  vec.Free();
}
