// Ping-pong between ranks 0 and 1: one-way latency and bandwidth for a few sizes, with ordinary
// typed arrays and with MPI.Alloc_mem buffers (which the core moves without a staging copy).
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const rank = comm.rank;
if (comm.size < 2) throw new Error("pingpong needs 2 ranks: wmpiexec -n 2 examples/pingpong.ts");

function run(buf: Uint8Array, iters: number): number {
  const peer = 1 - rank;
  comm.Sendrecv(new Uint8Array(0), peer, 1, new Uint8Array(0), peer, 1);
  const t0 = MPI.Wtime();
  for (let i = 0; i < iters; i++) {
    if (rank === 0) {
      comm.Send(buf, 1, 0);
      comm.Recv(buf, 1, 0);
    } else if (rank === 1) {
      comm.Recv(buf, 0, 0);
      comm.Send(buf, 0, 0);
    }
  }
  return (MPI.Wtime() - t0) / (2 * iters);
}

if (rank <= 1) {
  for (const bytes of [8, 1024, 65536, 1 << 20, 16 << 20]) {
    const iters = bytes >= 1 << 20 ? 50 : 2000;
    const plain = new Uint8Array(bytes);
    const linear = MPI.Alloc_mem(Uint8Array, bytes);
    run(plain, 10);
    const tPlain = run(plain, iters);
    run(linear, 10);
    const tLinear = run(linear, iters);
    MPI.Free_mem(linear);
    if (rank === 0) {
      const fmt = (t: number) => `${(t * 1e6).toFixed(2).padStart(9)} us ${(bytes / t / 1e6).toFixed(0).padStart(7)} MB/s`;
      console.log(`${String(bytes).padStart(9)} B   typed array ${fmt(tPlain)}   Alloc_mem ${fmt(tLinear)}`);
    }
  }
}
