/**
 * Mutual exclusion per key, within this process. The tails are module-wide (not per store) so that two
 * `ObjectStore` instances over the same directory still exclude each other.
 */
const tails = new Map<string, Promise<void>>();

/** Runs `task` once every earlier task holding `key` has finished; tasks on other keys run freely. */
export async function withKeyLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => done);
  tails.set(key, tail);
  await previous;
  try {
    return await task();
  } finally {
    release();
    // Forget the key once nobody queued behind us, so the map does not grow with every bucket ever used.
    if (tails.get(key) === tail) tails.delete(key);
  }
}
