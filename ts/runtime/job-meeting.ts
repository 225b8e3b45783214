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
    // first, before the handler below can run: the other side's directory may be here already, and
    // the handler sends more after it
    link.send({ type: "job", proc: side.proc, directory: JSON.stringify(side.directory()) });
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
        if (dir.job === table.job) throw new Error(`a directory of this job (${dir.job.toString(16)}) instead of the other's`);
        if (f.proc >= dir.addresses.length) throw new Error(`a directory of job ${dir.job.toString(16)} from its process ${f.proc}, which it does not have`);
      } catch (e) {
        return fail(e as Error);
      }
      // the other processes here, and the other jobs met, may talk to its ranks too
      if (router.learnJob(dir)) router.shareJob(dir);
      // and its ranks to those of every job this side knows (their names may reach it through this one)
      for (const known of router.knownJobs()) if (known.job !== dir.job) link.send({ type: "job", proc: side.proc, directory: JSON.stringify(known) });
      const index = router.addForeign(link, dir.job, f.proc);
      // bye: said when its ranks are all done, so its closing is no news
      link.onFrame((g) => (g.type === "bye" ? router.sawBye(index) : router.receive(g, link, index)));
      link.onClose((err) => {
        router.links[index] = undefined;
        if (side.stopped()) return;
        router.lose(index);
        if (!router.saidBye(index)) side.log(`lost process ${f.proc} of job ${dir.job.toString(16)}${err ? ` (${err.message})` : ""}; operations with its ranks fail`);
      });
      resolve({ dir, proc: f.proc });
    });
  });
}
