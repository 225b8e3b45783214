import type { Datatype } from "./datatype.js";

/** MPI.COMBINER_* values (MPICH's) and the names decode() gives them. */
export const Combiner = {
  COMBINER_NAMED: 1,
  COMBINER_DUP: 2,
  COMBINER_CONTIGUOUS: 3,
  COMBINER_VECTOR: 4,
  COMBINER_HVECTOR: 6,
  COMBINER_INDEXED: 7,
  COMBINER_HINDEXED: 9,
  COMBINER_INDEXED_BLOCK: 10,
  COMBINER_STRUCT: 12,
  COMBINER_SUBARRAY: 13,
  COMBINER_DARRAY: 14,
  COMBINER_RESIZED: 18,
  COMBINER_HINDEXED_BLOCK: 19,
} as const;

const names = new Map<number, string>(Object.entries(Combiner).map(([k, v]) => [v, k.slice("COMBINER_".length)]));

/**
 * mpi4py's Datatype.decode(): the type a derived type was made from, the
 * combiner's name and the constructor's arguments by their MPI names.
 */
export function decodeType(type: Datatype): [Datatype | Datatype[], string, Record<string, unknown>] {
  const combiner = type.combiner;
  const name = names.get(combiner) ?? String(combiner);
  if (combiner === Combiner.COMBINER_NAMED) return [type, name, {}];
  const [i, a, d] = type.Get_contents();
  const base = d[0];
  switch (combiner) {
    case Combiner.COMBINER_DUP:
      return [base, name, {}];
    case Combiner.COMBINER_CONTIGUOUS:
      return [base, name, { count: i[0] }];
    case Combiner.COMBINER_VECTOR:
      return [base, name, { count: i[0], blocklength: i[1], stride: i[2] }];
    case Combiner.COMBINER_HVECTOR:
      return [base, name, { count: i[0], blocklength: i[1], stride: a[0] }];
    case Combiner.COMBINER_INDEXED:
      return [base, name, { blocklengths: i.slice(1, 1 + i[0]), displacements: i.slice(1 + i[0]) }];
    case Combiner.COMBINER_HINDEXED:
      return [base, name, { blocklengths: i.slice(1), displacements: a }];
    case Combiner.COMBINER_INDEXED_BLOCK:
      return [base, name, { blocklength: i[1], displacements: i.slice(2) }];
    case Combiner.COMBINER_HINDEXED_BLOCK:
      return [base, name, { blocklength: i[1], displacements: a }];
    case Combiner.COMBINER_STRUCT:
      return [d, name, { blocklengths: i.slice(1), displacements: a, datatypes: d }];
    case Combiner.COMBINER_SUBARRAY: {
      const n = i[0];
      return [base, name, { sizes: i.slice(1, 1 + n), subsizes: i.slice(1 + n, 1 + 2 * n), starts: i.slice(1 + 2 * n, 1 + 3 * n), order: i[1 + 3 * n] }];
    }
    case Combiner.COMBINER_DARRAY: {
      const n = i[2];
      const at = (k: number) => i.slice(3 + k * n, 3 + (k + 1) * n);
      return [base, name, { size: i[0], rank: i[1], gsizes: at(0), distribs: at(1), dargs: at(2), psizes: at(3), order: i[3 + 4 * n] }];
    }
    case Combiner.COMBINER_RESIZED:
      return [base, name, { lb: a[0], extent: a[1] }];
    default:
      return [d.length === 1 ? base : d, name, { integers: i, addresses: a }];
  }
}
