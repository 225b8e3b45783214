/**
 * MPI_Publish_name, MPI_Lookup_name and MPI_Unpublish_name as a universe
 * answers them (launcher/universe.ts, browser/page-universe.ts), and the
 * name service a universe may hold itself: a thread-mode job's (every rank
 * of the job is in its process) and a page's. Jobs of processes use their
 * process manager's instead.
 */
import { UNIVERSE_ERR, type NameService, type Reply } from "./universe-protocol.js";

export function localNames(): NameService {
  const names = new Map<string, string>();
  return {
    publish: async (service, port) => !names.has(service) && names.set(service, port) !== undefined,
    lookup: async (service) => names.get(service),
    unpublish: async (service, port) => names.get(service) === port && names.delete(service),
  };
}

/** A rank's name request: lookup answers the port (MPI_ERR_NAME if none); publish and unpublish fail with MPI_ERR_SERVICE. */
export async function answerName(names: NameService, action: "publish" | "lookup" | "unpublish", service: string, port: string): Promise<Omit<Reply, "type" | "id">> {
  if (action === "lookup") {
    const found = await names.lookup(service);
    return found === undefined ? { errclass: UNIVERSE_ERR.NAME } : { errclass: 0, text: found };
  }
  const done = action === "publish" ? await names.publish(service, port) : await names.unpublish(service, port);
  return { errclass: done ? 0 : UNIVERSE_ERR.SERVICE };
}
