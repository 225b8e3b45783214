/**
 * The request of an MPI_Comm_spawn(_multiple) as the core writes it
 * (wasm/src/dyn/spawn.c): NUL-terminated fields, per command
 *   command, maxprocs, argument count, the arguments, info key count, key, value, ...
 */

/** One command of a spawn. */
export interface SpawnCommand {
  command: string;
  maxprocs: number;
  args: string[];
  info: Map<string, string>;
}

/** The commands of a request; throws on a malformed one (the core wrote it: a bug, not the user's). */
export function parseSpawnRequest(bytes: Uint8Array): SpawnCommand[] {
  const fields = new TextDecoder().decode(bytes).split("\0");
  if (fields.pop() !== "") throw new Error("spawn request: not NUL-terminated");
  let i = 0;
  const next = (): string => {
    if (i >= fields.length) throw new Error("spawn request: cut short");
    return fields[i++];
  };
  const count = (): number => {
    const n = Number(next());
    if (!Number.isInteger(n) || n < 0) throw new Error(`spawn request: "${fields[i - 1]}" is not a count`);
    return n;
  };
  const commands: SpawnCommand[] = [];
  while (i < fields.length) {
    const command = next();
    const maxprocs = count();
    const args = Array.from({ length: count() }, next);
    const info = new Map<string, string>();
    for (let k = count(); k > 0; k--) info.set(next(), next());
    commands.push({ command, maxprocs, args, info });
  }
  return commands;
}
