// A job whose name server (wmpiexec --nameserver) is not there: the three name calls fail with
// MPI.ERR_OTHER ("the name service failed"), at once rather than after a wait.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const t0 = Date.now();
const port = MPI.Open_port();
expectMPIError(MPI.ERR_OTHER, "MPI_Publish_name", () => MPI.Publish_name("wmpi-test-down", port));
expectMPIError(MPI.ERR_OTHER, "MPI_Lookup_name", () => MPI.Lookup_name("wmpi-test-down"));
expectMPIError(MPI.ERR_OTHER, "MPI_Unpublish_name", () => MPI.Unpublish_name("wmpi-test-down", port));
MPI.Close_port(port);
assert.ok(Date.now() - t0 < 3000, `the calls took ${Date.now() - t0} ms`);
done();
