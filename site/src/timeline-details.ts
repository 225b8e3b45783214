// What the timeline says about one call or one message when it is hovered or selected: the
// call, its peer or root, tag, bytes, communicator, when and how long, and how much of it was
// waiting. Plain text lines (the tooltip and the screen-reader announcement share them).
import type { Call, Message } from "./trace-model.js";
import { formatBytes, formatTime } from "./timeline-scale.js";

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** "peer 1 · tag 7 · 800 bytes · MPI_COMM_WORLD", from whichever of them the event has. */
function facts(args: Record<string, unknown>, peerWord: string): string {
  const parts: string[] = [];
  const peer = num(args.peer);
  if (peer !== undefined) parts.push(peer === -1 ? `${peerWord} any source` : `${peerWord} ${peer}`);
  const root = num(args.root);
  if (root !== undefined) parts.push(`root ${root}`);
  const tag = num(args.tag);
  if (tag !== undefined) parts.push(tag === -1 ? "any tag" : `tag ${tag}`);
  const bytes = num(args.bytes);
  if (bytes !== undefined) parts.push(formatBytes(bytes));
  if (typeof args.comm === "string") parts.push(args.comm);
  return parts.join(" · ");
}

export function describeCall(call: Call, laneName: string): string[] {
  const lines = [`${call.name} on ${laneName}`];
  const f = facts(call.args, "peer");
  if (f) lines.push(f);
  lines.push(`at ${formatTime(call.ts)}, took ${formatTime(call.dur)}`);
  if (call.waitedUntil !== undefined) {
    const waited = call.waitedUntil - call.ts;
    lines.push(`waiting ${formatTime(waited)} (${Math.round((100 * waited) / Math.max(call.dur, 1e-9))}%), then ${formatTime(call.dur - waited)} of its own work`);
  }
  return lines;
}

export function describeMessage(m: Message, laneName: (r: number) => string): string[] {
  const lines = [`${m.coll ? `message inside ${m.coll}` : "message"}: ${laneName(m.src)} → ${laneName(m.dst)}`];
  const f = facts(m.args, "peer"); // a message's args have src and dst (said above), not peer
  if (f) lines.push(f);
  if (m.matchedAt === undefined) lines.push(`sent at ${formatTime(m.sentAt)}, not received yet`);
  else lines.push(`sent at ${formatTime(m.sentAt)}, matched at ${formatTime(m.matchedAt)} (${formatTime(m.matchedAt - m.sentAt)} later)`);
  return lines;
}

/** A cluster of calls too narrow to draw one by one at this zoom. */
export function describeCluster(count: number, laneName: string, from: number, to: number): string[] {
  return [`${count} calls on ${laneName}`, `${formatTime(from)} – ${formatTime(to)}: zoom in to see them one by one`];
}
