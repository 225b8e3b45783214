// Job B of two independent jobs sharing a name server (wmpiexec --nameserver): every rank finds
// the port job A published as argv[2] and rank 0 prints it; the name service's refusals across
// jobs (a name A holds, a name nobody published); then rank 0 tells A it is done by publishing
// "<service>-seen", and withdraws that once A has withdrawn its name. With --hydra-nameserver it
// does not try to publish A's name: MPICH's hydra_nameserver refuses that but keeps the port,
// which a lookup then finds once A has unpublished.
import assert from "node:assert/strict";
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";
import { lookupWhenPublished, waitUntilUnpublished } from "./ns_util.js";

const service = process.argv[2];
const world = MPI.COMM_WORLD;
const rank = world.Get_rank();
const found = rank === 0 ? lookupWhenPublished(service) : "";
world.Barrier();
assert.equal(MPI.Lookup_name(service), world.bcast(found, 0));
world.Barrier();
if (rank === 0) {
  console.log(`found ${service} ${found}`);
  expectMPIError(MPI.ERR_NAME, "MPI_Lookup_name", () => MPI.Lookup_name(`${service}-never-published`));
  if (!process.argv.includes("--hydra-nameserver")) expectMPIError(MPI.ERR_SERVICE, "MPI_Publish_name", () => MPI.Publish_name(service, found));
  expectMPIError(MPI.ERR_SERVICE, "MPI_Unpublish_name", () => MPI.Unpublish_name(service, `${found}-not-this-one`));
  const seen = MPI.Open_port();
  MPI.Publish_name(`${service}-seen`, seen);
  waitUntilUnpublished(service);
  MPI.Unpublish_name(`${service}-seen`, seen);
  MPI.Close_port(seen);
}
world.Barrier();
done();
