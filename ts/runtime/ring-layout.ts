/** Byte offsets inside a receive ring; they mirror `wmpi_ring` in wasm/src/channel.h. */
export const RING = {
  TAIL: 0,
  HEAD: 64,
  SLEEPING: 128,
  FUTEX: 132,
  NCELLS: 136,
  OVERFLOW: 140,
  CELLS: 192,
  CELL_SIZE: 64,
  HEADER_SIZE: 48,
} as const;
