import { FunctionsInvokeClient, requests as functionsRequests } from 'oci-functions';
import type { OciClientFactory } from '../oci/client-factory.ts';

/**
 * Starts another function of the application in detached mode: OCI answers 202 at once and runs it
 * for up to the function's detached timeout. Retried under our policy: a 202 means it was accepted,
 * and every function here is safe to run twice with the same payload.
 */
export async function invokeDetached(
  factory: OciClientFactory,
  options: { invokeEndpoint: string; functionId: string; region: string; payload: unknown },
): Promise<void> {
  const client = factory.forEndpoint(FunctionsInvokeClient, options.invokeEndpoint, options.region);
  await factory.call(options.region, () =>
    client.invokeFunction({
      functionId: options.functionId,
      invokeFunctionBody: JSON.stringify(options.payload),
      fnInvokeType: functionsRequests.InvokeFunctionRequest.FnInvokeType.Detached,
    }),
  );
}
