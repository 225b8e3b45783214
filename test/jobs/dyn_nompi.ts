// A spawned program that never calls MPI_Init (WMPI_RC_INITIALIZE=0 keeps wmpi from doing it at
// import): its parent would wait in Spawn for good, so wmpiexec ends the job and says why.
//   args: [child] [--processes] (the child as a job of processes)
import { fileURLToPath } from "node:url";
import { MPI } from "wmpi";

if (process.argv[2] === "child") {
  console.log("child: exiting without MPI");
} else {
  MPI.Init();
  const info = process.argv.includes("--processes") ? MPI.Info.Create({ wmpi_mode: "process" }) : null;
  MPI.COMM_SELF.Spawn(fileURLToPath(import.meta.url), ["child"], 1, info);
  console.log("parent: Spawn returned, which it should not");
}
