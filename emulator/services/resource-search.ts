import { OciHttpError, sendJson } from '../http/errors.ts';
import { searchPage } from '../search/index.ts';
import type { Tenancy } from '../tenancy/index.ts';
import { parseJsonBody, type RequestContext, type ServiceModule } from '../server/service-module.ts';

/** `POST /20180409/resources`: Structured Search over the synthetic tenancy, one region per endpoint. */
export class ResourceSearchService implements ServiceModule {
  readonly service = 'query';

  constructor(private readonly tenancy: () => Tenancy) {}

  operationOf(method: string, path: string): string | undefined {
    return method === 'POST' && path === '/20180409/resources' ? 'SearchResources' : undefined;
  }

  async handle(context: RequestContext): Promise<void> {
    const tenancy = this.tenancy();
    const tenantId = context.query.get('tenantId');
    if (context.principal.tenancyId !== tenancy.id || (tenantId !== null && tenantId !== tenancy.id)) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', 'Tenancy not found or not authorized');
    }
    const details = parseJsonBody(context);
    if (details.type !== 'Structured') {
      throw new OciHttpError(400, 'InvalidParameter',
        `Unsupported search type ${JSON.stringify(details.type)}: the emulator implements Structured search only`);
    }
    if (typeof details.query !== 'string') throw new OciHttpError(400, 'MissingParameter', 'Missing required field query');
    const page = searchPage(tenancy, context.region, details.query, {
      limit: context.query.get('limit'),
      page: context.query.get('page'),
    });
    return sendJson(context.res, 200, { items: page.items }, page.nextPage === undefined ? {} : { 'opc-next-page': page.nextPage });
  }
}
