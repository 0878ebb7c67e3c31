import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../shared/errors.ts';
import { CONFIG_KEYS, readFunctionConfig, REQUIRED_KEYS } from '../shared/serverless/function-config.ts';
import { parseCoordinatorPayload, parseMergePayload, parseRegionPayload } from '../shared/serverless/payloads.ts';

const FN = 'ocid1.fnfunc.oc1.iad.aaaaaaaaexample';
const complete = {
  INVENTORY_ROLE: 'coordinator',
  INVENTORY_BUCKET: 'inventory',
  INVENTORY_REGION_FUNCTION_ID: FN,
  INVENTORY_MERGE_FUNCTION_ID: FN,
  INVENTORY_INVOKE_ENDPOINT: 'https://abc.us-ashburn-1.functions.oci.oraclecloud.com',
};

function configError(env: Record<string, string>): string {
  try {
    readFunctionConfig(env);
  } catch (error) {
    assert.instance(error, UsageError);
    return (error as Error).message;
  }
  throw new Error('expected an invalid configuration');
}

test('a complete configuration is read with its defaults', () => {
  const config = readFunctionConfig(complete);
  assert.is(config.role, 'coordinator');
  assert.is(config.prefix, '');
  assert.is(config.query, 'query all resources');
  assert.is(config.workersEnrich, 16);
  assert.is(config.runDeadlineMinutes, 60);
  assert.is(config.endpointTemplate, null);
});

test('every key a role requires is named when missing', () => {
  for (const [role, keys] of Object.entries(REQUIRED_KEYS)) {
    for (const key of keys.filter((k) => k !== 'role')) {
      const env: Record<string, string> = { ...complete, INVENTORY_ROLE: role };
      delete env[CONFIG_KEYS[key]];
      assert.match(configError(env), new RegExp(`${CONFIG_KEYS[key]} is required for the ${role} function`));
    }
  }
});

test('bad values are named with what was expected and what was got', () => {
  assert.match(configError({ ...complete, INVENTORY_ROLE: 'worker' }), /INVENTORY_ROLE must be one of coordinator, region, merge, got "worker"/);
  assert.match(configError({ ...complete, INVENTORY_PREFIX: 'no-slash' }), /INVENTORY_PREFIX must be URL-safe .* end with '\/', got "no-slash"/);
  assert.match(configError({ ...complete, INVENTORY_REGION_FUNCTION_ID: 'fn-1' }), /INVENTORY_REGION_FUNCTION_ID must be a function OCID/);
  assert.match(configError({ ...complete, INVENTORY_WORKERS_ENRICH: '0' }), /INVENTORY_WORKERS_ENRICH must be an integer from 1 to 256, got "0"/);
  assert.match(configError({ ...complete, INVENTORY_REGIONS: 'us-ashburn-1,Frankfurt' }), /INVENTORY_REGIONS holds "Frankfurt"/);
  assert.match(configError({ ...complete, INVENTORY_ENDPOINT_TEMPLATE: 'http://x/{region}' }), /must contain \{service\} and \{region\}/);
});

test('coordinator payloads: empty, parameters, trigger envelopes, and named errors', () => {
  assert.equal(parseCoordinatorPayload(''), {});
  assert.equal(parseCoordinatorPayload('{"regions":["us-phoenix-1","us-ashburn-1","us-phoenix-1"]}'), { regions: ['us-ashburn-1', 'us-phoenix-1'] });
  assert.equal(parseCoordinatorPayload({ runId: '20261126T020000Z' }), { runId: '20261126T020000Z' });
  // An Events rule delivers a CloudEvents envelope; it carries no run parameters of ours.
  assert.equal(parseCoordinatorPayload({ specversion: '1.0', type: 'com.oraclecloud.objectstorage.createobject', data: { x: 1 } }), {});
  assert.throws(() => parseCoordinatorPayload('{not json'), /coordinator payload is not valid JSON/);
  assert.throws(() => parseCoordinatorPayload('[1]'), /must be a JSON object, got an array/);
  assert.throws(() => parseCoordinatorPayload({ foo: 1 }), /Unknown field "foo" in the coordinator payload/);
  assert.throws(() => parseCoordinatorPayload({ regions: 'us-ashburn-1' }), /"regions" .* non-empty array/);
  assert.throws(() => parseCoordinatorPayload({ regions: ['Ashburn'] }), /"regions\[0\]" .* region id/);
  assert.throws(() => parseCoordinatorPayload({ runId: 'tonight' }), /"runId" .* run id like/);
});

test('region and merge payloads require a run id and reject wrong types', () => {
  assert.equal(parseRegionPayload('{"runId":"20261126T020000Z","region":"eu-frankfurt-1"}'), { runId: '20261126T020000Z', region: 'eu-frankfurt-1' });
  assert.throws(() => parseRegionPayload({}), /"runId" of the region payload/);
  assert.throws(() => parseRegionPayload({ runId: '20261126T020000Z' }), /"region" of the region payload/);
  assert.equal(parseMergePayload({ runId: '20261126T020000Z-2' }), { runId: '20261126T020000Z-2', finalize: false });
  assert.throws(() => parseMergePayload({ runId: '20261126T020000Z', finalize: 'yes' }), /"finalize" of the merge payload must be true or false/);
});

test.run();
