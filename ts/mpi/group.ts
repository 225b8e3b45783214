import { core } from "./environment.js";
import { HANDLE4 } from "./constants.js";

/** MPI_Group: an ordered set of processes (MPI-4.0 section 7.3), as mpi4py's Group. */
export class Group {
  /** @internal */
  constructor(public handle: number) {}

  /** MPI_Group_size. */
  Get_size(): number {
    return core().groupSize(this.handle);
  }
  get size(): number {
    return this.Get_size();
  }
  /** MPI_Group_rank: this process's rank in the group, or MPI.UNDEFINED. */
  Get_rank(): number {
    return core().groupRank(this.handle);
  }
  get rank(): number {
    return this.Get_rank();
  }
  /** MPI_Group_translate_ranks: the ranks in group2 of ranks1 of this group (MPI.UNDEFINED if absent). */
  Translate_ranks(ranks1: number[] | undefined, group2: Group): number[] {
    const ranks = ranks1 ?? Array.from({ length: this.size }, (_, i) => i);
    return core().groupTranslateRanks(this.handle, ranks, group2.handle);
  }
  /** MPI_Group_compare: MPI.IDENT, MPI.SIMILAR or MPI.UNEQUAL. */
  Compare(group2: Group): number {
    return core().groupCompare(this.handle, group2.handle);
  }
  /** MPI_Group_union: group1's members, then group2's that are not in group1. */
  static Union(group1: Group, group2: Group): Group {
    return new Group(core().groupSetop(0, group1.handle, group2.handle));
  }
  /** MPI_Group_intersection: group1's members that are in group2, in group1's order. */
  static Intersection(group1: Group, group2: Group): Group {
    return new Group(core().groupSetop(1, group1.handle, group2.handle));
  }
  /** MPI_Group_difference: group1's members that are not in group2. */
  static Difference(group1: Group, group2: Group): Group {
    return new Group(core().groupSetop(2, group1.handle, group2.handle));
  }
  /** MPI_Group_incl: the members at ranks, in that order. */
  Incl(ranks: number[]): Group {
    return new Group(core().groupIncl(this.handle, false, false, ranks));
  }
  /** MPI_Group_excl: the members not at ranks. */
  Excl(ranks: number[]): Group {
    return new Group(core().groupIncl(this.handle, true, false, ranks));
  }
  /** MPI_Group_range_incl: ranges of [first, last, stride]. */
  Range_incl(ranges: [number, number, number][]): Group {
    return new Group(core().groupIncl(this.handle, false, true, ranges.flat()));
  }
  /** MPI_Group_range_excl. */
  Range_excl(ranges: [number, number, number][]): Group {
    return new Group(core().groupIncl(this.handle, true, true, ranges.flat()));
  }
  /** A new group with the same members. */
  Dup(): Group {
    return new Group(core().groupSetop(0, this.handle, HANDLE4.GROUP_EMPTY));
  }
  /** MPI_Group_free: the object becomes MPI.GROUP_NULL. */
  Free(): void {
    core().groupFree(this.handle);
    // freeing MPI.GROUP_EMPTY leaves the predefined object as it was (mpi4py)
    if (this !== GROUP_EMPTY) this.handle = HANDLE4.GROUP_NULL;
  }
  isNull(): boolean {
    return this.handle === HANDLE4.GROUP_NULL;
  }
}

export const GROUP_NULL = new Group(HANDLE4.GROUP_NULL);
export const GROUP_EMPTY = new Group(HANDLE4.GROUP_EMPTY);
