// MPI-IO through the facade in browser ranks: every rank writes its block of a shared file
// collectively, reads its neighbour's block back independently, appends a line in rank order
// through the shared file pointer, and leaves the file for the page to check (grid.bin); then the
// error classes of opening what is not there and creating what is; "../up.bin" names the root's
// up.bin, as /.. is / in POSIX: the page checks that it stayed inside the job's directory.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const { rank, size } = comm;
const N = 1000; // doubles per rank

const fh = MPI.File.Open(comm, "grid.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
fh.Set_size(0);
const mine = Float64Array.from({ length: N }, (_, i) => rank * N + i);
fh.Write_at_all(rank * N * 8, mine);
fh.Sync();
comm.Barrier();
fh.Sync();
const next = (rank + 1) % size;
const theirs = new Float64Array(N);
fh.Read_at(next * N * 8, theirs);
const right = theirs.every((v, i) => v === next * N + i);
fh.Close();

const log = MPI.File.Open(comm, "log.txt", MPI.MODE_CREATE | MPI.MODE_WRONLY | MPI.MODE_DELETE_ON_CLOSE);
log.Write_ordered(new TextEncoder().encode(`rank ${rank}\n`));
const logSize = log.Get_size();
log.Close();

function errorClass(f: () => void): string {
  try {
    f();
    return "no error";
  } catch (e) {
    const c = (e as InstanceType<typeof MPI.Exception>).Get_error_class();
    return Object.entries(MPI).find(([k, v]) => k.startsWith("ERR_") && v === c)?.[0] ?? String(c);
  }
}
const missing = errorClass(() => MPI.File.Open(MPI.COMM_SELF, "no-such-file.bin", MPI.MODE_RDONLY));
const exists = errorClass(() => MPI.File.Open(MPI.COMM_SELF, "grid.bin", MPI.MODE_CREATE | MPI.MODE_EXCL | MPI.MODE_WRONLY));
const up = errorClass(() => MPI.File.Open(comm, "../up.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY).Close());
console.log(`rank ${rank}: neighbour ${right ? "right" : "WRONG"}, log ${logSize} bytes, missing ${missing}, exists ${exists}, up ${up}`);
