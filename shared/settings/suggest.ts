/** "Did you mean" for misspelt flags, env vars and file keys. */

/**
 * The candidate closest to `input` by edit distance, if it is close enough to be a plausible typo.
 * The prefix every candidate shares (`--`, `OCI_INV_`) is ignored when judging closeness: otherwise
 * `OCI_INV_WORKERS` would look "close" to `OCI_INV_FORMATS`.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const prefixLength = sharedPrefixLength([input, ...candidates]);
  const core = input.slice(prefixLength).toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(core, candidate.slice(prefixLength).toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the distinctive part, at least 1: catches `--worker-region`, not `--foo` for `--profile`.
  const tolerance = Math.max(1, Math.floor(core.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

/** ` (did you mean X?)`, or else ` (known: a, b, ...)` when a list is given, or ''. */
export function didYouMean(input: string, candidates: readonly string[], listWhenNoMatch?: readonly string[]): string {
  const match = closestMatch(input, candidates);
  if (match !== undefined) return ` (did you mean ${match}?)`;
  return listWhenNoMatch === undefined ? '' : ` (known: ${listWhenNoMatch.join(', ')})`;
}

function sharedPrefixLength(words: readonly string[]): number {
  const first = words[0] ?? '';
  let length = 0;
  while (length < first.length && words.every((word) => word[length] === first[length])) length++;
  return length;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
