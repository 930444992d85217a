/**
 * The SQLite writer thread (started by store/sqlite.ts): owns the writing connection and runs every write of the
 * store, so that no transaction runs on the server's event loop. Requests that arrive together, including those
 * that came in while the last batch was being written, commit as one transaction.
 */
import { parentPort, workerData } from "node:worker_threads";
import { sqliteWriter, type WriteOp } from "./sqliteSql";
import type { WriterMessage, WriterRequest } from "./writerThread";

const port = parentPort!;
const { file, owner } = workerData as { file: string; owner: string };
const writer = sqliteWriter(file, owner);
let queue: WriterRequest<WriteOp>[] = [];
let scheduled = false;

function drain() {
  scheduled = false;
  if (queue.length === 0) return;
  const batch = queue;
  queue = [];
  const outcomes = writer.runBatch(batch.map((r) => r.op));
  const done: WriterMessage = { type: "done", ids: batch.map((r) => r.id), outcomes };
  port.postMessage(done);
}

port.on("message", (message: WriterRequest<WriteOp>[] | "close") => {
  if (message === "close") {
    drain();
    writer.close();
    port.close();
    return;
  }
  queue.push(...message);
  // Every message already waiting is delivered before this runs: they join the batch.
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
});
