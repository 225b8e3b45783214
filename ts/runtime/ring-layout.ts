/** Byte offsets inside a receive ring; they mirror `wmpi_ring` in wasm/src/channel.h. */
export const RING = {
  TAIL: 0,
  HEAD: 64,
  SLEEPING: 128,
  FUTEX: 132,
  NCELLS: 136,
  OVERFLOW: 140,
  /** what the consumer waits for in a blocking call (wmpi_ring's wait_*: kind, peer, tag, comm, call) */
  WAIT_KIND: 144,
  WAIT_PEER: 148,
  WAIT_TAG: 152,
  WAIT_COMM: 156,
  WAIT_CALL: 160,
  /** the address of the rank's trace buffer, 0 when not tracing (wasm/src/trace.h) */
  TRACE: 164,
  /** set by the host: the rank waits without spinning (a network thread now needs the cores) */
  NO_SPIN: 168,
  CELLS: 192,
  CELL_SIZE: 64,
  HEADER_SIZE: 48,
} as const;
