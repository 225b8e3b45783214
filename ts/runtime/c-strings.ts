/** NUL-terminated UTF-8 strings in a rank's linear memory, as the core reads and writes them. */

/** Writes `text` as a NUL-terminated UTF-8 string into `len` bytes at `buf` (cut short to fit); its length. */
export function writeString(memory: WebAssembly.Memory, buf: number, len: number, text: string): number {
  const bytes = new TextEncoder().encode(text).subarray(0, Math.max(len - 1, 0));
  const u8 = new Uint8Array(memory.buffer);
  u8.set(bytes, buf);
  u8[buf + bytes.length] = 0;
  return bytes.length;
}

/** Reads a NUL-terminated UTF-8 string out of a rank's memory (at most `max` bytes of it, and never past the memory's end). */
export function readString(memory: WebAssembly.Memory, ptr: number, max = Infinity): string {
  const u8 = new Uint8Array(memory.buffer);
  const limit = Math.min(u8.length, ptr + max);
  let end = ptr;
  while (end < limit && u8[end] !== 0) end++;
  return new TextDecoder().decode(u8.slice(ptr, end));
}
