/**
 * SHA-256 computed on a helper thread, for the large files an export writes: the thread writing them then
 * copies each chunk (a memcpy) instead of hashing it. At 1M records the export's files are ~2 GB, about
 * two seconds of SHA-256 on the thread that merges rows and writes them, the export's critical path.
 *
 * One thread per process serves every hash (each has an id). It is started by the first hash, and unref'd
 * whenever nothing is pending, so it never keeps a finished process alive. Chunks cross as copies in
 * transferred buffers, which the thread hands back for later copies (a few are kept). When more than
 * MAX_QUEUED_BYTES wait on the thread, `update` returns a promise: the caller awaits it (backpressure).
 *
 * The thread's code is the short script below (node:crypto and node:worker_threads only), started with
 * `eval`, so it runs the same from the sources and from a single-file function bundle.
 */
import { Worker } from 'node:worker_threads';

// Dynamic imports: an eval'd worker runs as CommonJS or, when the process was started with
// --input-type=module, as an ES module; import() works in both (require and top-level await do not).
const THREAD_SCRIPT = `
Promise.all([import('node:worker_threads'), import('node:crypto')]).then(([{ parentPort }, { createHash }]) => {
  const hashes = new Map();
  parentPort.on('message', (message) => {
    try {
      if (message.type === 'update') {
        let hash = hashes.get(message.id);
        if (hash === undefined) {
          hash = createHash('sha256');
          hashes.set(message.id, hash);
        }
        hash.update(new Uint8Array(message.buffer, 0, message.length));
        parentPort.postMessage({ type: 'hashed', buffer: message.buffer, length: message.length }, [message.buffer]);
      } else if (message.type === 'digest') {
        const hash = hashes.get(message.id) ?? createHash('sha256');
        hashes.delete(message.id);
        parentPort.postMessage({ type: 'digest', id: message.id, hex: hash.digest('hex') });
      } else if (message.type === 'drop') {
        hashes.delete(message.id);
      }
    } catch (error) {
      parentPort.postMessage({ type: 'error', message: String(error && error.message ? error.message : error) });
    }
  });
});
`;

/** Bytes copied and posted but not hashed yet, beyond which `update` asks the caller to wait. */
const MAX_QUEUED_BYTES = 8 << 20;
/** Size of the reusable copy buffers (a BufferedWriter hands over 1 MiB at a time). */
const COPY_BUFFER_BYTES = 1 << 20;
/** Copy buffers kept for reuse. */
const SPARE_BUFFERS = 8;

type Reply =
  | { type: 'hashed'; buffer: ArrayBuffer; length: number }
  | { type: 'digest'; id: number; hex: string }
  | { type: 'error'; message: string };

/** The process's hashing thread and what is pending on it. */
class HashThread {
  readonly #worker: Worker;
  readonly #digests = new Map<number, { resolve: (hex: string) => void; reject: (error: Error) => void }>();
  readonly #spare: ArrayBuffer[] = [];
  #queuedBytes = 0;
  #waiters: (() => void)[] = [];
  #failure: Error | undefined;
  #nextId = 1;
  #referenced = false;

  constructor() {
    this.#worker = new Worker(THREAD_SCRIPT, { eval: true });
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => this.#receive(reply));
    this.#worker.on('error', (error) => this.#fail(new Error(`The SHA-256 thread failed: ${error.message}`, { cause: error })));
    this.#worker.on('exit', (code) => this.#fail(new Error(`The SHA-256 thread exited (code ${code}).`)));
  }

  newId(): number {
    this.#throwIfFailed();
    return this.#nextId++;
  }

  update(id: number, bytes: Uint8Array): Promise<void> | undefined {
    this.#throwIfFailed();
    for (let at = 0; at < bytes.length; at += COPY_BUFFER_BYTES) {
      const length = Math.min(COPY_BUFFER_BYTES, bytes.length - at);
      const buffer = this.#spare.pop() ?? new ArrayBuffer(COPY_BUFFER_BYTES);
      new Uint8Array(buffer, 0, length).set(bytes.subarray(at, at + length));
      this.#queuedBytes += length;
      this.#post({ type: 'update', id, buffer, length }, [buffer]);
    }
    if (this.#queuedBytes <= MAX_QUEUED_BYTES) return undefined;
    return new Promise<void>((resolve) => this.#waiters.push(resolve)).then(() => this.#throwIfFailed());
  }

  digest(id: number): Promise<string> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const done = new Promise<string>((resolve, reject) => this.#digests.set(id, { resolve, reject }));
    this.#post({ type: 'digest', id });
    return done;
  }

  drop(id: number): void {
    if (this.#failure === undefined) this.#post({ type: 'drop', id });
  }

  #post(message: object, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(message, transfer);
    this.#updateReference();
  }

  #receive(reply: Reply): void {
    if (reply.type === 'hashed') {
      this.#queuedBytes -= reply.length;
      if (this.#spare.length < SPARE_BUFFERS) this.#spare.push(reply.buffer);
      if (this.#queuedBytes <= MAX_QUEUED_BYTES) this.#wakeWaiters();
    } else if (reply.type === 'digest') {
      const pending = this.#digests.get(reply.id);
      this.#digests.delete(reply.id);
      pending?.resolve(reply.hex);
    } else {
      this.#fail(new Error(`The SHA-256 thread failed: ${reply.message}`));
    }
    this.#updateReference();
  }

  /** Keeps the process alive only while something waits on the thread. */
  #updateReference(): void {
    const busy = this.#queuedBytes > 0 || this.#digests.size > 0;
    if (busy === this.#referenced) return;
    this.#referenced = busy;
    if (busy) this.#worker.ref();
    else this.#worker.unref();
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    if (shared === this) shared = undefined;
    for (const pending of this.#digests.values()) pending.reject(error);
    this.#digests.clear();
    this.#wakeWaiters();
    this.#worker.unref();
  }

  #wakeWaiters(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}

let shared: HashThread | undefined;

/** An incremental SHA-256 whose hashing runs on the process's hashing thread. */
export class ThreadedSha256 {
  readonly #thread: HashThread;
  readonly #id: number;
  #finished = false;

  constructor() {
    shared ??= new HashThread();
    this.#thread = shared;
    this.#id = this.#thread.newId();
  }

  /**
   * Adds `bytes` (copied before this returns: the caller may reuse them at once). Returns a promise when
   * the thread is behind: await it before the next update.
   */
  update(bytes: Uint8Array): Promise<void> | undefined {
    if (this.#finished) throw new Error('ThreadedSha256: update after digest or drop.');
    return this.#thread.update(this.#id, bytes);
  }

  /** Lowercase hex SHA-256 of everything added. Call once. */
  digest(): Promise<string> {
    if (this.#finished) return Promise.reject(new Error('ThreadedSha256: digest after digest or drop.'));
    this.#finished = true;
    return this.#thread.digest(this.#id);
  }

  /** Forgets the hash (an aborted file). Never throws. */
  drop(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#thread.drop(this.#id);
  }
}
