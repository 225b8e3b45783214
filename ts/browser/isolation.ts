/**
 * Browser ranks share memory (a shared WebAssembly.Memory per rank, a
 * SharedArrayBuffer board), which a browser allows only in a cross-origin
 * isolated page. Without it a shared memory cannot even be posted to a
 * worker (DataCloneError): say what is missing and how to fix it instead.
 */

/**
 * Why this page cannot run ranks, or undefined when it can: ranks share memory, which a browser
 * allows only in a cross-origin isolated page. The text says which headers to send.
 * @param scope where to look (default: this page's globalThis)
 * @returns the explanation, or undefined
 * @example
 * ```ts
 * import { isolationProblem } from "wmpi/browser";
 * const problem = isolationProblem();
 * if (problem) document.body.textContent = problem;
 * ```
 */
export function isolationProblem(scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown } = globalThis): string | undefined {
  if (scope.crossOriginIsolated === true && typeof scope.SharedArrayBuffer === "function") return undefined;
  return [
    "wmpi cannot start ranks in this page: it is not cross-origin isolated, so the browser withholds SharedArrayBuffer " +
      "(the ranks of a job share memory, and blocking MPI calls wait on it).",
    "Serve the page with these two HTTP response headers:",
    "  Cross-Origin-Opener-Policy: same-origin",
    "  Cross-Origin-Embedder-Policy: require-corp",
    "Resources the page loads from other origins then need CORS or a Cross-Origin-Resource-Policy header. " +
      "wmpi's own server (node scripts/serve.mjs) sends both headers.",
  ].join("\n");
}

/** Thrown by startJob() in a page that is not cross-origin isolated; its message is the explanation. */
export class IsolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IsolationError";
  }
}
