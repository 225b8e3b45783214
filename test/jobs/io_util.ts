// Helpers shared by the MPI-IO test jobs (io_*.ts).
import { MPI } from "wmpi";

type Comm = InstanceType<typeof MPI.Comm>;
type File = InstanceType<typeof MPI.File>;

/**
 * A file name, relative to the working directory, that only the ranks of
 * `comm` use: one per rank on COMM_SELF, one per half of a --comm split.
 */
export function fileName(prefix: string, comm: Comm): string {
  const world = MPI.COMM_WORLD;
  const which = process.argv.includes("--comm") ? process.argv[process.argv.indexOf("--comm") + 1] : "world";
  const part = comm === MPI.COMM_SELF ? `self${world.rank}` : which === "split" ? `split${world.rank % 2}` : which;
  return `${prefix}-${world.size}-${part}.bin`;
}

/** MPI's consistency rule for seeing other ranks' writes (MPI-4.0 14.6.1): sync, barrier, sync. */
export function syncAll(fh: File, comm: Comm): void {
  fh.Sync();
  comm.Barrier();
  fh.Sync();
}
