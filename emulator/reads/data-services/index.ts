import type { RegionInfo } from '../../tenancy/index.ts';
import { notAuthorizedOrNotFound } from '../errors.ts';
import type { TenancyReads } from '../index.ts';
import { refOf, type Model } from '../model-fields.ts';
import type { ReadScope, ResourceReader } from '../resource-reader.ts';
import { API_GATEWAY_MODELS } from './apigateway-models.ts';
import { BASTION_MODELS } from './bastion-models.ts';
import { DATABASE_MODELS } from './database-models.ts';
import { KMS_MODELS } from './kms-models.ts';
import { LogListings, type ListPage } from './log-lists.ts';
import { LOGGING_MODELS, summaryOf } from './logging-models.ts';
import { vaultSegmentOf, type DataModelBuilder, type DataModelContext } from './model-context.ts';
import { RegionPicks } from './region-picks.ts';
import { STREAMING_MODELS } from './streaming-models.ts';

export { KMS_MANAGEMENT_SERVICE } from './kms-models.ts';
export type { ListPage } from './log-lists.ts';

const MODELS: Readonly<Record<string, DataModelBuilder>> = {
  ...DATABASE_MODELS,
  ...KMS_MODELS,
  ...LOGGING_MODELS,
  ...STREAMING_MODELS,
  ...API_GATEWAY_MODELS,
  ...BASTION_MODELS,
};

/** Where a request came from, as a data-services read needs it: the gate's scope and the emulator's base URL. */
export interface DataReadScope extends ReadScope {
  /** `http://<host>:<port>` as the caller addressed the emulator (endpoints in models point back at it). */
  baseUrl: string;
}

/**
 * Single-resource GETs (and the two Logging listings) of the data-services group: databases, KMS, logging,
 * streaming, API gateway, bastion. Every read goes through the shared gate (TenancyReads' ResourceReader:
 * tenancy, region, type, gone, forbidden), then one model builder per Search type.
 */
export class DataServiceReads {
  readonly #reader: ResourceReader;
  readonly #regions: ReadonlyMap<string, RegionInfo>;
  readonly #picks: RegionPicks;
  readonly #logs: LogListings;

  constructor(reads: TenancyReads) {
    const tenancy = reads.reader.tenancy;
    this.#reader = reads.reader;
    this.#regions = new Map(tenancy.regions.map((region) => [region.name, region]));
    this.#picks = new RegionPicks(tenancy);
    this.#logs = new LogListings(tenancy, reads.controls);
  }

  /** The model of `ocid` as the GET of `searchType` answers it (404 NotAuthorizedOrNotFound / 403 NotAuthorized). */
  read(searchType: string, ocid: string, scope: DataReadScope): Model {
    const build = MODELS[searchType];
    const context = this.#context(scope);
    if (build === undefined) throw notAuthorizedOrNotFound();
    return build(this.#reader.read(ocid, searchType, scope), context);
  }

  /** GetKey at the management endpoint of the vault whose segment is `vaultSegment`: a key of another vault is not there. */
  key(vaultSegment: string, keyId: string, scope: DataReadScope): Model {
    if (vaultSegmentOf(keyId) !== vaultSegment) throw notAuthorizedOrNotFound();
    return this.read('Key', keyId, scope);
  }

  /** GetLog: a log of another group than the path's is not there (404, before any control of the log itself). */
  log(logGroupId: string, logId: string, scope: DataReadScope): Model {
    const found = this.#reader.find(logId);
    if (found !== undefined && refOf(found, 'logGroupId') !== logGroupId) throw notAuthorizedOrNotFound();
    return this.read('Log', logId, scope);
  }

  listLogGroups(query: URLSearchParams, scope: DataReadScope): ListPage {
    const context = this.#context(scope);
    if (scope.tenancyId !== this.#reader.tenancy.id) throw notAuthorizedOrNotFound();
    return this.#logs.logGroups(scope.region, query, (id) => this.#listed(id, 'LogGroup', context));
  }

  /** ListLogs of a log group the caller may read (gone: 404, forbidden: 403, another region's: 404). */
  listLogs(logGroupId: string, query: URLSearchParams, scope: DataReadScope): ListPage {
    const context = this.#context(scope);
    this.#reader.read(logGroupId, 'LogGroup', scope);
    return this.#logs.logs(scope.region, logGroupId, query, (id) => this.#listed(id, 'Log', context));
  }

  #listed(id: string, searchType: string, context: DataModelContext): Model | undefined {
    const found = this.#reader.find(id);
    const build = MODELS[searchType];
    return found === undefined || build === undefined ? undefined : summaryOf(build(found, context));
  }

  #context(scope: DataReadScope): DataModelContext {
    const region = this.#regions.get(scope.region);
    if (region === undefined) throw notAuthorizedOrNotFound();
    return { reader: this.#reader, region, baseUrl: scope.baseUrl, picks: this.#picks, tenancyId: this.#reader.tenancy.id };
  }
}
