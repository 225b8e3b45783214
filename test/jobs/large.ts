// Messages past 2^31-1 bytes (the MPI-4 large-count path) and sizes that cannot fit.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const n = 2.5 * 2 ** 30; // 2.5 GiB
const buf = MPI.Alloc_mem(Uint8Array, n);
const probes = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, n - 1];
if (rank === 0) {
  for (const i of probes) buf[i] = (i % 251) + 1;
  comm.Send(buf, 1, 1);
  comm.Send([buf, n / 8, MPI.DOUBLE], 1, 2);
} else if (rank === 1) {
  const st = new MPI.Status();
  comm.Recv(buf, 0, 1, st);
  assert.equal(st.Get_count(MPI.BYTE), n);
  assert.equal(st.Get_count(MPI.DOUBLE), n / 8);
  for (const i of probes) assert.equal(buf[i], (i % 251) + 1, `byte ${i}`);
  buf.fill(0, 0, 16);
  comm.Recv([buf, n / 8, MPI.DOUBLE], 0, 2, st);
  assert.equal(st.Get_count(MPI.DOUBLE), n / 8);
  assert.equal(buf[1], 2);
}
// every mode takes counts past 2^31 (to PROC_NULL: nothing moves)
comm.Ssend(buf, MPI.PROC_NULL);
comm.Rsend(buf, MPI.PROC_NULL);
comm.Issend(buf, MPI.PROC_NULL).Wait();
comm.Sendrecv(buf, MPI.PROC_NULL, 0, buf, MPI.PROC_NULL);
const p = comm.Send_init(buf, MPI.PROC_NULL);
p.Start();
p.Wait();
p.Free();
MPI.Free_mem(buf);
// what cannot fit in a wasm32 rank gets a clear error, not a wrapped-around count
expectMPIError(MPI.ERR_NO_MEM, "MPI_Alloc_mem", () => MPI.Alloc_mem(Float64Array, 2 ** 30));
expectMPIError(MPI.ERR_COUNT, "MPI_Send", () => comm.Send([new Uint8Array(8), 2 ** 32, MPI.BYTE], 0));
done();
