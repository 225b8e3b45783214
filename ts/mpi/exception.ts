import { errorClassName } from "./errorclasses.js";

/** An MPI error, as mpi4py's MPI.Exception: the error class plus a message naming the call and argument. */
export class MPIException extends Error {
  constructor(readonly errorCode: number, message: string) {
    super(`${message} [${errorClassName(errorCode)}]`);
    this.name = "MPI.Exception";
  }
  /** The MPI error class (MPI.ERR_RANK, ...). */
  Get_error_class(): number {
    return this.errorCode;
  }
  /** The error code; in wmpi every code is its class. */
  Get_error_code(): number {
    return this.errorCode;
  }
  /** The message: the call, what was wrong with which argument, and the class. */
  Get_error_string(): string {
    return this.message;
  }
}
