// The environment: versions, names, clocks, thread level, attributes, error handlers.
import assert from "node:assert/strict";
import os from "node:os";
import { MPI } from "wmpi";
import { commFromArgs, done, expectMPIError } from "./util.js";

const comm = commFromArgs();
assert.equal(MPI.Is_initialized(), true);
assert.equal(MPI.Is_finalized(), false);
assert.deepEqual(MPI.Get_version(), [4, 0]);
assert.match(MPI.Get_library_version(), /^wmpi \d+\.\d+\.\d+ \(MPI 4\.0/);
assert.equal(MPI.Get_processor_name(), os.hostname());
assert.equal(MPI.Query_thread(), MPI.THREAD_SERIALIZED);
assert.equal(MPI.Is_thread_main(), true);
const s = new MPI.Status();
s.Set_elements(MPI.DOUBLE, 3);
assert.equal(s.Get_count(MPI.DOUBLE), 3);
assert.equal(s.Get_count(MPI.INT), 6);
s.Set_cancelled(true);
assert.equal(s.Is_cancelled(), true);
const t0 = MPI.Wtime();
const until = Date.now() + 20;
while (Date.now() < until);
const dt = MPI.Wtime() - t0;
assert.ok(dt >= 0.015 && dt < 1, `Wtime advanced ${dt} s over 20 ms`);
assert.ok(MPI.Wtick() > 0 && MPI.Wtick() <= 1e-3);
assert.equal(comm.Get_attr(MPI.TAG_UB), 2 ** 31 - 1);
assert.equal(comm.Get_attr(MPI.WTIME_IS_GLOBAL), 0);
expectMPIError(MPI.ERR_KEYVAL, "MPI_Comm_get_attr", () => comm.Get_attr(12345));
// error handlers: ERRORS_RETURN by default; Call_errhandler on it does nothing; errors come back as exceptions
assert.equal(comm.Get_errhandler(), MPI.ERRORS_RETURN);
comm.Call_errhandler(MPI.ERR_OTHER);
comm.Set_errhandler(MPI.ERRORS_RETURN);
expectMPIError(MPI.ERR_ARG, "MPI_Comm_set_errhandler", () => comm.Set_errhandler(new MPI.Errhandler(0x54000077, "bogus")));
// MPI.Exception carries the class, a code and the standard's text
try {
  comm.Send(new Int32Array(1), -9);
} catch (e) {
  const x = e as InstanceType<typeof MPI.Exception>;
  assert.equal(x.Get_error_class(), MPI.ERR_RANK);
  assert.equal(x.Get_error_code(), MPI.ERR_RANK);
  assert.equal(MPI.Get_error_string(x.Get_error_code()), "invalid rank");
}
// Alloc_mem views live in linear memory; Free_mem refuses anything else
const v = MPI.Alloc_mem(Float64Array, 16);
v.fill(1.25);
assert.equal(v.length, 16);
MPI.Free_mem(v);
expectMPIError(MPI.ERR_BASE, "MPI_Free_mem", () => MPI.Free_mem(new Float64Array(4)));
const w = MPI.Alloc_mem(Float64Array, 8);
expectMPIError(MPI.ERR_BASE, "MPI_Free_mem", () => MPI.Free_mem(w.subarray(2)));
MPI.Free_mem(w);
expectMPIError(MPI.ERR_BASE, "MPI_Free_mem", () => MPI.Free_mem(w));
expectMPIError(MPI.ERR_NO_MEM, "MPI_Alloc_mem", () => MPI.Alloc_mem(Uint8Array, 5 * 2 ** 30));
expectMPIError(MPI.ERR_COUNT, "MPI_Alloc_mem", () => MPI.Alloc_mem(Float64Array, 1.5));
expectMPIError(MPI.ERR_COUNT, "MPI_Alloc_mem", () => MPI.Alloc_mem(Float64Array, NaN));
done();
