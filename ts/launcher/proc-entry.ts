/**
 * The command wmpiexec's process mode runs in each process:
 * `node proc-entry.js PROGRAM [ARGS...]` with the PMI environment set.
 */
import { runProcess } from "./proc-main.js";

const [program, ...args] = process.argv.slice(2);
try {
  process.exitCode = await runProcess(program, args);
} catch (e) {
  process.stderr.write(`wmpi: ${e instanceof Error ? e.message : e}\n`);
  process.exitCode = 1;
}
