// A job whose name server (wmpiexec --nameserver) is not there: the three name calls fail with
// MPI.ERR_NAME (publish, lookup) and MPI.ERR_SERVICE (unpublish), as MPICH reports a failed name server, at once rather than after a wait.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";

const t0 = Date.now();
const port = MPI.Open_port();
expectMPIError(MPI.ERR_NAME, "MPI_Publish_name", () => MPI.Publish_name("wmpi-test-down", port));
expectMPIError(MPI.ERR_NAME, "MPI_Lookup_name", () => MPI.Lookup_name("wmpi-test-down"));
// the message says why: the name server, and what happened to it
assert.throws(() => MPI.Lookup_name("wmpi-test-down"), /the name service failed for "wmpi-test-down": .*name.server.127\.0\.0\.1:\d+/);
expectMPIError(MPI.ERR_SERVICE, "MPI_Unpublish_name", () => MPI.Unpublish_name("wmpi-test-down", port));
MPI.Close_port(port);
assert.ok(Date.now() - t0 < 3000, `the calls took ${Date.now() - t0} ms`);
done();
