import { sendJson } from '../../http/errors.ts';
import type { OperationCall } from './call.ts';

/** GetNamespace: the namespace as a bare JSON string. One per emulator, whatever `compartmentId` is asked. */
export async function getNamespace(call: OperationCall): Promise<void> {
  sendJson(call.res, 200, call.store.namespace);
}
