/**
 * MPI_Comm_join's exchange over a socket (channel.h, dyn_fd_swap): writes
 * our port name to the descriptor and reads the peer's, each a record of the
 * same fixed length, as MPICH does. A rank waits inside an MPI call, so this
 * is synchronous; Node's sockets are non-blocking, so EAGAIN means "not yet":
 * it sleeps a millisecond and tries again, until WMPI_CONNECT_TIMEOUT.
 */
import { readSync, writeSync } from "node:fs";

const nap = new Int32Array(new SharedArrayBuffer(4));

/** Sends `mine` and returns the peer's record (both `mine.length` bytes); throws an Error saying why not. */
export function swapOverFd(fd: number, mine: Uint8Array, timeoutS: number): Uint8Array {
  const deadline = Date.now() + timeoutS * 1000;
  const retry = (e: unknown, what: string): void => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EAGAIN" && code !== "EWOULDBLOCK") throw new Error(`${what} fd ${fd}: ${e instanceof Error ? e.message : e}`);
    if (Date.now() > deadline) throw new Error(`nothing ${what === "writing" ? "taken from" : "came on"} fd ${fd} within ${timeoutS} s`);
    Atomics.wait(nap, 0, 0, 1);
  };
  for (let done = 0; done < mine.length; ) {
    try {
      done += writeSync(fd, mine, done, mine.length - done);
    } catch (e) {
      retry(e, "writing");
    }
  }
  const theirs = new Uint8Array(mine.length);
  for (let done = 0; done < theirs.length; ) {
    try {
      const n = readSync(fd, theirs, done, theirs.length - done, null);
      if (n === 0) throw new Error(`fd ${fd} was closed by its other end`);
      done += n;
    } catch (e) {
      retry(e, "reading");
    }
  }
  return theirs;
}
