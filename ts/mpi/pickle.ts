import { core } from "./environment.js";
import { defaultSerializer, type Serializer } from "./serializer.js";
import { statusBytes, statusData } from "./status.js";

/** The serializer lowercase methods use; MPI.serializer reads and replaces it (mpi4py's MPI.pickle). */
export const pickle: { current: Serializer } = { current: defaultSerializer };

/** An encoded object, copied into linear memory. */
export interface StagedObject {
  ptr: number;
  size: number;
  /** Frees the staging memory, if it was allocated for this object. */
  release(): void;
}

/** An encoded object: its parts, valid until the next encode, and their total size. */
export interface EncodedObject {
  parts: Uint8Array[];
  size: number;
}

/** Encodes obj with the current serializer. */
export function encodeObject(obj: unknown): EncodedObject {
  const encoded = pickle.current.dumps(obj);
  const parts = Array.isArray(encoded) ? encoded : [encoded];
  let size = 0;
  for (const p of parts) size += p.byteLength;
  return { parts, size };
}

/** Copies an encoded object into linear memory; `region` lends memory for calls that finish before they return. */
export function stageObject({ parts: chunks, size }: EncodedObject, region?: { get(n: number): number }): StagedObject {
  const c = core();
  const lent = region ? region.get(size) : 0;
  const ptr = lent || c.malloc(size);
  const u8 = c.u8;
  let at = ptr;
  for (const ch of chunks) {
    u8.set(ch, at);
    at += ch.byteLength;
  }
  return { ptr, size, release: () => void (lent === 0 && c.free(ptr)) };
}

/** Decodes n bytes of linear memory at ptr. */
export function loadObject(ptr: number, n: number): unknown {
  return pickle.current.loads(core().u8.subarray(ptr, ptr + n));
}

/** Decodes the object a receive-with-allocation delivered (status data), then frees its buffer. */
export function objectFromStatus(statusPtr: number): unknown {
  const ptr = statusData(statusPtr);
  if (ptr === 0) return undefined; // PROC_NULL, cancelled or failed: no message
  try {
    return loadObject(ptr, statusBytes(statusPtr));
  } finally {
    core().free(ptr);
  }
}
