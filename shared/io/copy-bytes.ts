/** Below this many bytes a plain loop beats Buffer#copy, whose argument checks cost ~0.3 us per call. */
const SHORT_COPY_BYTES = 48;

/**
 * Copies `source[start..end)` to `target` at `offset` (which must have room); returns the bytes copied.
 * For the many short copies of row values and line parts, where Buffer#copy's own cost dominates.
 */
export function copyBytes(source: Buffer, start: number, end: number, target: Buffer, offset: number): number {
  const length = end - start;
  if (length >= SHORT_COPY_BYTES) return source.copy(target, offset, start, end);
  for (let index = 0; index < length; index++) target[offset + index] = source[start + index]!;
  return length;
}
