// Whether a command is installed: the benchmarks skip a native reference that is missing.
import { execFileSync } from "node:child_process";

/** True if `cmd` (a fixed command name, not user input) is found on PATH. */
export function have(cmd) {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
