// Parallel file I/O: every rank writes its own part of ONE shared
// file, then reads back a part another rank wrote.
import { MPI } from "wmpi";

const comm = MPI.COMM_WORLD;
const { rank, size } = comm;
const N = 3; // numbers per rank
const mine = Int32Array.from({ length: N }, (_, i) => 10 * rank + i);

// Open is collective: all ranks open the file together
const fh = MPI.File.Open(comm, "numbers.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
fh.Set_size(0); // start from an empty file
// rank r writes at byte r * N * 4 (an Int32 is 4 bytes); "_all":
// all ranks write at once, so MPI can combine the pieces
fh.Write_at_all(rank * N * 4, mine);
fh.Sync(); // sync, barrier, sync: now every rank sees every write
comm.Barrier();
fh.Sync();

const next = (rank + 1) % size;
const theirs = new Int32Array(N);
fh.Read_at(next * N * 4, theirs);
console.log(`rank ${rank}: wrote ${mine.join(" ")}, read rank ${next}'s part: ${theirs.join(" ")}`);

if (rank === 0) {
  const all = new Int32Array(N * size);
  fh.Read_at(0, all);
  console.log(`the file has ${fh.Get_size()} bytes: ${all.join(" ")}`);
}
fh.Close();
