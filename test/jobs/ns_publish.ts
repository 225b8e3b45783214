// Job A of two independent jobs sharing a name server (wmpiexec --nameserver): rank 0 opens a
// port and publishes it as argv[2], prints it, and withdraws it once job B has published
// "<service>-seen" (B's sign that it found the port); a second publish of the name fails (not
// tried with --hydra-nameserver: MPICH's hydra_nameserver refuses it but keeps the port, which
// a lookup then finds once the first is unpublished).
import { MPI } from "wmpi";
import { done, expectMPIError } from "./util.js";
import { lookupWhenPublished } from "./ns_util.js";

const service = process.argv[2];
const world = MPI.COMM_WORLD;
if (world.Get_rank() === 0) {
  const port = MPI.Open_port();
  MPI.Publish_name(service, port);
  console.log(`published ${service} ${port}`);
  if (!process.argv.includes("--hydra-nameserver")) expectMPIError(MPI.ERR_SERVICE, "MPI_Publish_name", () => MPI.Publish_name(service, port));
  lookupWhenPublished(`${service}-seen`);
  MPI.Unpublish_name(service, port);
  expectMPIError(MPI.ERR_SERVICE, "MPI_Unpublish_name", () => MPI.Unpublish_name(service, port));
  MPI.Close_port(port);
}
world.Barrier();
done();
