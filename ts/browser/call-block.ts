/**
 * A synchronous call from a rank to an asynchronous server in another
 * worker of the page, through a SharedArrayBuffer both see (a call block):
 * the rank writes its request, sets STATE to REQUEST and sleeps; the server,
 * which waits for that with Atomics.waitAsync, answers into the block, sets
 * DONE and wakes it. A rank inside an MPI call (or a C program's WASI call)
 * cannot await, and a browser has no receiveMessageOnPort, so this is how
 * the job's file worker (file-protocol.ts) and its net worker
 * (universe-block.ts) answer ranks.
 */

/** The Int32 slot both sides watch. */
export const STATE = 0;
export const IDLE = 0;
export const REQUEST = 1;
export const DONE = 2;

/** The rank's side: the request is in the block; sleeps until it is answered, and returns what `read` takes from the answer. */
export function callAndWait<T>(i32: Int32Array, read: () => T): T {
  Atomics.store(i32, STATE, REQUEST);
  Atomics.notify(i32, STATE);
  while (Atomics.load(i32, STATE) === REQUEST) Atomics.wait(i32, STATE, REQUEST);
  const answer = read();
  Atomics.store(i32, STATE, IDLE);
  return answer;
}

/** The server's side: answers each request in the block, in turn, until `stopped` (answer writes the results and must not throw). */
export async function serveBlock(i32: Int32Array, stopped: () => boolean, answer: () => Promise<void>): Promise<void> {
  while (!stopped()) {
    const state = Atomics.load(i32, STATE);
    if (state !== REQUEST) {
      const w = Atomics.waitAsync(i32, STATE, state);
      if (w.async) await w.value;
      continue;
    }
    await answer();
    Atomics.store(i32, STATE, DONE);
    Atomics.notify(i32, STATE);
  }
}
