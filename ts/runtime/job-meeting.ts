/**
 * Two jobs' processes meeting on a connection (net-jobs.ts), once the
 * handshake proved the port token: each sends its job's directory first,
 * then the connection carries the ranks' frames like any other. Shared by a
 * process's network thread (net-thread.ts) and a page's (browser/
 * net-worker.ts).
 */
import type { FrameLink } from "../net/link-types.js";
import { parseDirectory, type JobDirectory } from "./net-jobs.js";
import type { NetRouter } from "./net-router.js";
import type { VcTable } from "./vc-table.js";

/** What the meeting side brings: its router and table, its own process and directory. */
export interface MeetingSide {
  router: NetRouter;
  table: VcTable;
  proc: number;
  directory(): JobDirectory;
  log(message: string): void;
  /** the side is shutting down: a connection closing is no news */
  stopped(): boolean;
}

/** How long the other side has to send its directory. */
const DIRECTORY_MS = 10_000;

/** Swaps directories on `link`; resolves with the other side's directory and process once its frames are routed. */
export function meetJob(link: FrameLink, side: MeetingSide): Promise<{ dir: JobDirectory; proc: number }> {
  const { router, table } = side;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no job directory within ${DIRECTORY_MS / 1000} s`)), DIRECTORY_MS);
    const fail = (e: Error) => {
      clearTimeout(timer);
      link.close();
      reject(e);
    };
    link.onClose((err) => fail(new Error(`connection closed${err ? `: ${err.message}` : ""}`)));
    link.onFrame((f) => {
      clearTimeout(timer);
      let dir: JobDirectory;
      try {
        if (f.type !== "job") throw new Error(`expected a job directory, got ${f.type}`);
        dir = parseDirectory(f.directory);
        if (dir.job === table.job || f.proc >= dir.addresses.length) throw new Error("a directory of this job, or of no process of it");
      } catch (e) {
        return fail(e as Error);
      }
      if (router.learnJob(dir)) router.shareJob(dir); // the other processes here may talk to its ranks too
      const index = router.addForeign(link, dir.job, f.proc);
      let bye = false; // said when its ranks are all done: its closing is no news
      link.onFrame((g) => (g.type === "bye" ? (bye = true) : router.receive(g, link, index)));
      link.onClose((err) => {
        router.links[index] = undefined;
        if (side.stopped()) return;
        router.lose(index);
        if (!bye) side.log(`lost process ${f.proc} of job ${dir.job.toString(16)}${err ? ` (${err.message})` : ""}; operations with its ranks fail`);
      });
      resolve({ dir, proc: f.proc });
    });
    link.send({ type: "job", proc: side.proc, directory: JSON.stringify(side.directory()) });
  });
}
