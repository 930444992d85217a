import { Worker } from "node:worker_threads";
import { log } from "../base/log";

/** A request as it crosses to the writer thread, and the writer's answer. */
export interface WriterRequest<Op> {
  id: number;
  op: Op;
}
export type WriterOutcome = { ok: true; value: unknown } | { ok: false; error: { message: string; code?: string } };
export type WriterMessage = { type: "done"; ids: number[]; outcomes: WriterOutcome[] } | { type: "closed" };

export interface WriterThread<Op> {
  /** Resolves with the operation's result once the writer has committed it; rejects with its error. */
  call(op: Op): Promise<unknown>;
  /** Lets every operation handed over so far finish, runs `beforeStop`, then stops the thread. Later calls reject. */
  close(beforeStop?: () => void): Promise<void>;
  /** Ends the thread at once, as a crash in it would (tests). Pending calls reject; a later call starts a new thread. */
  crash(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The event loop's side of a worker thread that owns a database connection and runs its writes. Calls made in the
 * same turn of the event loop cross in one message; the thread is referenced only while calls are pending, so an
 * idle store keeps no process alive. If the thread dies, every pending call rejects (none hangs) and the next
 * call starts a new thread: what was acknowledged had committed, and what was not is the caller's to retry.
 */
export function startWriterThread<Op>(entry: string, workerData: unknown, name: string): WriterThread<Op> {
  // From TypeScript sources (npm start, tests) the thread needs tsx too; the compiled build runs plain .js.
  const execArgv = entry.endsWith(".ts") ? ["--require", require.resolve("tsx/cjs")] : [];
  const pending = new Map<number, Pending>();
  let outbox: WriterRequest<Op>[] = [];
  let flushing: NodeJS.Immediate | null = null;
  let nextId = 1;
  let worker: Worker | null = null;
  let closed = false;
  let drained: (() => void) | null = null;

  function settle(id: number, outcome: WriterOutcome) {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (outcome.ok) p.resolve(outcome.value);
    else p.reject(Object.assign(new Error(outcome.error.message), outcome.error.code ? { code: outcome.error.code } : {}));
  }

  function idleCheck() {
    if (pending.size > 0) return;
    worker?.unref();
    drained?.();
  }

  function failAll(error: Error, ids: Iterable<number>) {
    for (const id of [...ids]) settle(id, { ok: false, error: { message: error.message } });
  }

  function spawn(): Worker {
    const w = new Worker(entry, { workerData, execArgv, name });
    w.unref();
    w.on("message", (m: WriterMessage) => {
      if (m.type !== "done") return;
      m.ids.forEach((id, i) => settle(id, m.outcomes[i]));
      idleCheck();
    });
    const died = (error: Error | null, code?: number) => {
      if (worker !== w) return;
      worker = null;
      // Requests still in the outbox never reached it; they go to the next thread.
      const lost = [...pending.keys()].filter((id) => !outbox.some((r) => r.id === id));
      if (lost.length > 0 || error) log.error({ err: error ?? undefined, code, pending: lost.length }, `${name} thread stopped; its pending writes are rejected`);
      failAll(new Error(`${name} thread stopped${error ? `: ${error.message}` : ` (exit code ${code})`}; the write may not have been committed`), lost);
      idleCheck();
      if (outbox.length > 0) schedule();
    };
    w.on("error", (error) => died(error));
    w.on("exit", (code) => died(null, code));
    return w;
  }

  function flush() {
    flushing = null;
    if (outbox.length === 0) return;
    const batch = outbox;
    outbox = [];
    worker ??= spawn();
    worker.ref();
    try {
      worker.postMessage(batch);
    } catch {
      // Something in the batch cannot be copied to the thread: send one by one, so that only that call fails.
      for (const request of batch) {
        try {
          worker.postMessage([request]);
        } catch (error) {
          settle(request.id, { ok: false, error: { message: `cannot hand this write to the ${name}: ${(error as Error).message}` } });
        }
      }
      idleCheck();
    }
  }

  function schedule() {
    flushing ??= setImmediate(flush);
  }

  worker = spawn();

  return {
    call(op) {
      if (closed) return Promise.reject(new Error(`${name}: the store is closed`));
      const id = nextId++;
      const done = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
      outbox.push({ id, op });
      worker?.ref();
      schedule();
      return done;
    },

    async close(beforeStop) {
      closed = true;
      if (pending.size > 0) await new Promise<void>((resolve) => (drained = resolve));
      beforeStop?.();
      const w = worker;
      worker = null;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
      w.ref();
      w.postMessage("close");
      await exited;
    },

    async crash() {
      const w = worker;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
      await w.terminate();
      await exited;
    },
  };
}
