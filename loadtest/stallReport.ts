/**
 * What ran during the event-loop stalls a stallProbe recorded: `tsx loadtest/stallReport.ts probe.json server.cpuprofile`.
 * For each stall, the profile's samples inside it are summed by their top frame and by a short stack; then the
 * stalls' total is summed by stack across the run. Time blocked in a native call (an fsync, a sync read) shows
 * as the JS frame that made it; time the process was not scheduled at all shows as few samples with long gaps.
 */
import fs from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [probeFile, profileFile, depthArg] = process.argv.slice(2);
if (!probeFile || !profileFile) {
  console.error("usage: tsx loadtest/stallReport.ts probe.json server.cpuprofile [stack depth, 6]");
  process.exit(2);
}
const depth = Number(depthArg ?? 6);
interface Stall {
  startUs: number;
  endUs: number;
  ms: number;
  onCpuMs: number | null;
  runQueueMs: number | null;
  blockedMs: number | null;
}
const probe = JSON.parse(fs.readFileSync(probeFile, "utf8")) as { stalls: Stall[]; gcs: { startUs: number; ms: number; kind: string }[] };
const profile = JSON.parse(fs.readFileSync(profileFile, "utf8")) as { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] };

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const frame = (n: Node) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/.*node_modules\//, "").replace(/^.*\/(wt-[^/]+|main)\//, "")}:${n.callFrame.lineNumber}`;
const stackOf = (id: number) => {
  const frames: string[] = [];
  for (let cur: number | undefined = id; cur !== undefined && frames.length < depth; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (n.callFrame.functionName === "(root)") break;
    frames.push(frame(n));
  }
  return frames.join(" < ");
};

// Sample times: startTime plus running deltas; each sample stands for the time until the next one.
const times: number[] = [];
let t = profile.startTime;
for (const d of profile.timeDeltas) times.push((t += d));

const total = new Map<string, number>();
/** Stalls the loop's own work explains: on a CPU for most of the span, not waiting for one. */
const own = new Map<string, number>();
let ownCount = 0;
let covered = 0;
const stalls = [...probe.stalls].sort((a, b) => b.ms - a.ms);
const sum = (f: (s: Stall) => number | null) => probe.stalls.reduce((n, s) => n + (f(s) ?? 0), 0).toFixed(0);
console.log(`${probe.stalls.length} stalls over the probe's threshold, ${sum((s) => s.ms)} ms late in all; GC pauses over 2 ms: ${probe.gcs.length}, ${probe.gcs.reduce((n, g) => n + g.ms, 0).toFixed(0)} ms`);
console.log(`over the stalls' spans, the loop's thread was on a CPU ${sum((s) => s.onCpuMs)} ms, waiting for a CPU ${sum((s) => s.runQueueMs)} ms, blocked (system calls) ${sum((s) => s.blockedMs)} ms`);
for (const [i, s] of stalls.entries()) {
  const inside = new Map<string, number>();
  for (let k = 0; k < times.length - 1; k++) {
    const a = Math.max(times[k], s.startUs);
    const b = Math.min(times[k + 1], s.endUs);
    if (b <= a) continue;
    const key = stackOf(profile.samples[k + 1]);
    inside.set(key, (inside.get(key) ?? 0) + (b - a) / 1000);
  }
  const gcIn = probe.gcs.filter((g) => g.startUs < s.endUs && g.startUs + g.ms * 1000 > s.startUs);
  for (const [k, v] of inside) total.set(k, (total.get(k) ?? 0) + v);
  const span = (s.endUs - s.startUs) / 1000 + 5;
  if (s.onCpuMs !== null && s.onCpuMs >= 0.8 * span) {
    ownCount++;
    for (const [k, v] of inside) own.set(k, (own.get(k) ?? 0) + v);
  }
  covered += [...inside.values()].reduce((a, b) => a + b, 0);
  if (i < 15) {
    const split = s.onCpuMs === null ? "" : ` (on CPU ${s.onCpuMs}, waiting for a CPU ${s.runQueueMs}, blocked ${s.blockedMs})`;
    console.log(`\nstall ${s.ms} ms at +${((s.startUs - profile.startTime) / 1e6).toFixed(2)} s${split}${gcIn.length ? `; GC inside: ${gcIn.map((g) => `${g.kind} ${g.ms} ms`).join(", ")}` : ""}`);
    for (const [k, v] of [...inside].sort((a, b) => b[1] - a[1]).slice(0, 4)) console.log(`  ${v.toFixed(1).padStart(7)} ms  ${k}`);
  }
}
console.log(`\nall stalls, by stack (${covered.toFixed(0)} ms covered by the profile):`);
for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
console.log(`\n${ownCount} stalls with the loop's thread on a CPU for ≥ 80% of the span (its own work), by stack:`);
for (const [k, v] of [...own].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
