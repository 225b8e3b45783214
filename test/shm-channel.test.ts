// The shared-memory channel's producer side (ts/runtime/shm-channel.ts), on hand-made rings: a
// packet must reach the peer's ring as the core wrote it, also when the sender's memory has grown
// since the channel took its views and the header lies in the new part (a packet the core queued
// lives in heap it grew) while the payload does not. A read past a stale view gives undefined,
// which once published a header of zeros: a phantom message from rank 0 with tag 0.
import { describe, expect, it } from "vitest";
import { createBoard } from "../ts/runtime/job.js";
import { RING } from "../ts/runtime/ring-layout.js";
import { ShmChannel } from "../ts/runtime/shm-channel.js";

const RING_AT = 4096;
const NCELLS = 64;

/** Two ranks' memories, rank 1's ring published on the board, and rank 0's channel. */
function pair() {
  const memories = [0, 1].map(() => new WebAssembly.Memory({ initial: 256, maximum: 1024, shared: true }));
  const board = createBoard(2);
  const ring = new Int32Array(memories[1].buffer);
  ring[(RING_AT + RING.NCELLS) >> 2] = NCELLS;
  ring[(RING_AT + RING.OVERFLOW) >> 2] = 2048;
  new Int32Array(board)[2] = RING_AT;
  const channel = new ShmChannel(0, { base: 0, size: 2, memories, board }, 0);
  return { memories, channel };
}

/** A 48-byte header whose words (after seq) are 101, 102, ... */
function writeHeader(memory: WebAssembly.Memory, at: number): number[] {
  const words = Array.from({ length: RING.HEADER_SIZE / 4 }, (_, i) => (i === 0 ? 0 : 100 + i));
  new Int32Array(memory.buffer).set(words, at >> 2);
  return words;
}

describe("ShmChannel.send", () => {
  it("copies the header and payload into the peer's ring and publishes the cell", () => {
    const { memories, channel } = pair();
    const words = writeHeader(memories[0], 2048);
    new Uint8Array(memories[0].buffer).set([9, 8, 7, 6], 1024);
    expect(channel.send(1, 2048, 1024, 4)).toBe(0);
    const cell = new Int32Array(memories[1].buffer, RING_AT + RING.CELLS, RING.HEADER_SIZE / 4 + 1);
    expect(cell[0]).toBe(1); // the seq word of ticket 0
    expect(Array.from(cell.subarray(1, RING.HEADER_SIZE / 4))).toEqual(words.slice(1));
    expect(Array.from(new Uint8Array(memories[1].buffer, RING_AT + RING.CELLS + RING.HEADER_SIZE, 4))).toEqual([9, 8, 7, 6]);
  });

  it("reads a header that lies in memory grown since the channel's views were taken", () => {
    const { memories, channel } = pair();
    const oldEnd = memories[0].buffer.byteLength;
    memories[0].grow(16); // the channel's view of rank 0's memory is now stale
    const words = writeHeader(memories[0], oldEnd + 4096);
    expect(channel.send(1, oldEnd + 4096, 1024, 0)).toBe(0);
    const cell = new Int32Array(memories[1].buffer, RING_AT + RING.CELLS, RING.HEADER_SIZE / 4);
    expect(Array.from(cell.subarray(1))).toEqual(words.slice(1));
  });
});
