import { HANDLE } from "./constants.js";

/**
 * MPI_Errhandler: what a communicator, window or file does when a call on it fails (MPI-4.0
 * section 9.3): MPI.ERRORS_RETURN throws {@link Exception} (the setting of MPI.COMM_WORLD and
 * MPI.COMM_SELF), MPI.ERRORS_ARE_FATAL and MPI.ERRORS_ABORT end the job. Set with
 * Comm.Set_errhandler, Win.Set_errhandler, File.Set_errhandler.
 */
export class Errhandler {
  /** @internal */
  constructor(
    /** the MPI handle the core knows this error handler by */
    readonly handle: number,
    /** "MPI_ERRORS_RETURN", ..., or "user errhandler" */
    readonly name: string,
  ) {}
}

/** The predefined error handlers. wmpi sets ERRORS_RETURN on COMM_WORLD and COMM_SELF, so errors throw MPI.Exception. */
export const Errhandlers = {
  ERRHANDLER_NULL: new Errhandler(HANDLE.ERRHANDLER_NULL, "MPI_ERRHANDLER_NULL"),
  ERRORS_ARE_FATAL: new Errhandler(HANDLE.ERRORS_ARE_FATAL, "MPI_ERRORS_ARE_FATAL"),
  ERRORS_RETURN: new Errhandler(HANDLE.ERRORS_RETURN, "MPI_ERRORS_RETURN"),
  ERRORS_ABORT: new Errhandler(HANDLE.ERRORS_ABORT, "MPI_ERRORS_ABORT"),
} as const;

/** The Errhandler object for a handle. */
export function errhandlerOf(handle: number): Errhandler {
  return Object.values(Errhandlers).find((e) => e.handle === handle) ?? new Errhandler(handle, "user errhandler");
}
