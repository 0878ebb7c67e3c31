import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/errors.ts';
import { hexFor } from './derive.ts';
import type { Model } from './model-fields.ts';

/** 200 with the model, and an ETag that changes whenever the model does (OCI GETs carry one). */
export function sendModel(res: ServerResponse, model: Model): void {
  sendJson(res, 200, model, { etag: hexFor(JSON.stringify(model), 9, 32) });
}
