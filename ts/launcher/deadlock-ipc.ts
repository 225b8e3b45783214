/**
 * The deadlock detector for wmpiexec's jobs of processes (process mode,
 * --ppn): each process samples its own ranks (runtime/deadlock.ts) and sends
 * their waits to wmpiexec over the IPC channel wmpiexec opened to it, when
 * they change; wmpiexec joins every live process's waits and watches them as
 * thread mode watches its ranks, so the report names every rank of the job.
 * A process that some other process manager started (Hydra) has no such
 * channel and sends nothing.
 */
import type { ChildProcess } from "node:child_process";
import { joinWaits, type Waits } from "../runtime/deadlock.js";

interface WaitsMessage {
  type: "wmpi-waits";
  waits: Waits;
}

/** In a process wmpiexec started: sends the waits of `ranks` every `everyMs`, when they have changed. */
export function reportWaits(waits: () => Waits, everyMs = 200): { stop(): void } {
  if (typeof process.send !== "function") return { stop() {} };
  // the channel alone must not keep the process alive once its ranks are done
  (process.channel as { unref?: () => void } | undefined)?.unref?.();
  let last = "";
  const timer = setInterval(() => {
    const now = waits();
    const text = JSON.stringify(now);
    if (text === last || !process.connected) return;
    last = text;
    process.send?.({ type: "wmpi-waits", waits: now } satisfies WaitsMessage);
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** wmpiexec's side: the latest waits of each process still running. */
export class ProcessWaits {
  private readonly waits = new Map<number, Waits>();
  private readonly running = new Set<number>();

  /** Hears process `p` (started with an "ipc" stdio slot) until it exits. */
  listen(p: number, child: ChildProcess): void {
    this.running.add(p);
    child.on("message", (m: Partial<WaitsMessage>) => {
      if (m?.type === "wmpi-waits" && m.waits !== undefined && this.running.has(p)) this.waits.set(p, m.waits);
    });
    child.on("exit", () => {
      this.running.delete(p);
      this.waits.delete(p);
    });
  }

  /** The job's waits: busy until every running process has reported. */
  sample(): Waits {
    if (this.waits.size < this.running.size) return "busy";
    return joinWaits([...this.waits.values()]);
  }
}
