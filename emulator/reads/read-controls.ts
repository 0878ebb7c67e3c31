import { notAuthorized, notAuthorizedOrNotFound } from './errors.ts';

/** What tests may do to GETs of single resources (`emulator.reads`). */
export interface ReadControlsApi {
  /**
   * The resource is gone for GETs (404 NotAuthorizedOrNotFound; Object Storage: 404 BucketNotFound) while
   * Search still returns it, as when the index lags behind a deletion.
   */
  markGone(ocid: string): void;
  /** GETs of the resource answer 403 NotAuthorized (a policy denies reading it); Search still returns it. */
  markForbidden(ocid: string): void;
  /** Forgets every mark. */
  reset(): void;
}

/** The gone and forbidden sets behind `emulator.reads`; every GET of the emulator consults them. */
export class ReadControls implements ReadControlsApi {
  readonly #gone = new Set<string>();
  readonly #forbidden = new Set<string>();

  markGone(ocid: string): void {
    this.#gone.add(requireOcid(ocid));
  }

  markForbidden(ocid: string): void {
    this.#forbidden.add(requireOcid(ocid));
  }

  reset(): void {
    this.#gone.clear();
    this.#forbidden.clear();
  }

  isGone(ocid: string): boolean {
    return this.#gone.has(ocid);
  }

  /** Throws what a GET of `ocid` answers when it is marked: gone wins over forbidden. */
  check(ocid: string): void {
    if (this.#gone.has(ocid)) throw notAuthorizedOrNotFound();
    if (this.#forbidden.has(ocid)) throw notAuthorized();
  }
}

function requireOcid(ocid: string): string {
  if (typeof ocid !== 'string' || !ocid.startsWith('ocid1.')) {
    throw new TypeError(`expected an OCID (ocid1.<type>.<realm>...), got ${JSON.stringify(ocid)}`);
  }
  return ocid;
}
