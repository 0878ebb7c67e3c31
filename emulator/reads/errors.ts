import { OciHttpError } from '../http/errors.ts';

/** What OCI answers for a GET of a resource that does not exist, or that the caller may not see. */
export const NOT_FOUND_MESSAGE = 'Authorization failed or requested resource not found.';

export function notAuthorizedOrNotFound(): OciHttpError {
  return new OciHttpError(404, 'NotAuthorizedOrNotFound', NOT_FOUND_MESSAGE);
}

/** 403 NotAuthorized: the resource exists, but a policy denies reading it. */
export function notAuthorized(): OciHttpError {
  return new OciHttpError(403, 'NotAuthorized', NOT_FOUND_MESSAGE);
}
