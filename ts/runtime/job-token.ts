/**
 * A job's names and secrets derived from its token (net-jobs.ts): Node
 * only, for node:crypto (a page that meets a job only proves a port token it
 * was given).
 */
import { createHash, createHmac } from "node:crypto";

/** A job's name from its token (hex): the same in each of its processes, and no secret (process-job.ts; a spawning parent knows its child job by it). */
export function jobIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

/** The token a job's ports carry, from its job token (hex). */
export function portToken(jobToken: Uint8Array): string {
  return createHmac("sha256", jobToken).update("wmpi ports").digest("hex");
}
