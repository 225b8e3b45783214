// MPI.ERRORS_ARE_FATAL on files: the error ends the job (the test expects a
// non-zero exit and the call named). --case open: the default file handler
// (MPI.FILE_NULL's) and a missing file; --case buffer: a file's own handler
// and a bad buffer the facade finds; --case access: a read of a write-only
// file the core refuses.
import { MPI } from "wmpi";
import { fileName } from "./io_util.js";

const comm = MPI.COMM_WORLD;
const which = process.argv[process.argv.indexOf("--case") + 1];
const name = fileName(`fatal-${which}`, comm);

if (which === "open") {
  MPI.FILE_NULL.Set_errhandler(MPI.ERRORS_ARE_FATAL);
  MPI.File.Open(comm, `${name}.missing`);
} else {
  const fh = MPI.File.Open(comm, name, MPI.MODE_CREATE | MPI.MODE_WRONLY | MPI.MODE_DELETE_ON_CLOSE);
  fh.Set_errhandler(MPI.ERRORS_ARE_FATAL);
  if (which === "buffer") fh.Write_at(0, [new Uint8Array(4), 8, MPI.BYTE]);
  else fh.Read_at(0, new Uint8Array(4));
}
console.log(`rank ${comm.rank}: still running after a fatal error`);
