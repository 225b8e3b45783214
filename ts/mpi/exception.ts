import { errorClassName } from "./errorclasses.js";

/**
 * An MPI error, as mpi4py's MPI.Exception: thrown by a call that fails under the
 * MPI.ERRORS_RETURN error handler, with the error class (MPI_ERR_RANK, ...) and a message that
 * names the MPI function, what was wrong with which argument, and the class.
 */
export class MPIException extends Error {
  constructor(
    /** the MPI error class (MPI.ERR_RANK, ...), as Get_error_class() returns it */
    readonly errorCode: number,
    message: string,
  ) {
    super(`${message} [${errorClassName(errorCode)}]`);
    this.name = "MPI.Exception";
  }
  /**
   * The MPI error class (MPI.ERR_RANK, ...), what MPI_Error_class gives for the code.
   * @example
   * ```ts
   * try { comm.Send(new Int32Array(1), size); }
   * catch (e) { if (e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_RANK) console.log("no such rank"); }
   * ```
   */
  Get_error_class(): number {
    return this.errorCode;
  }
  /**
   * The error code, which is its class in wmpi (MPI_Error_class of it is itself).
   * @example
   * ```ts
   * try { comm.Recv(new Int32Array(1), 0, -5); }
   * catch (e) { if (e instanceof MPI.Exception) console.log(MPI.Get_error_string(e.Get_error_code())); }
   * ```
   */
  Get_error_code(): number {
    return this.errorCode;
  }
  /**
   * The message: the MPI function, what was wrong with which argument, and the class, e.g.
   * "MPI_Send: invalid rank 9 (dest): the communicator has 4 ranks [MPI_ERR_RANK]" (MPI_Error_string
   * gives only the class's text).
   * @example
   * ```ts
   * try { comm.Bcast(new Int32Array(1), size); }
   * catch (e) { if (e instanceof MPI.Exception) console.error(e.Get_error_string()); }
   * ```
   */
  Get_error_string(): string {
    return this.message;
  }
}
