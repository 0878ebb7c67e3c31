import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { CONFIG_KEYS, FUNCTION_ROLES, REQUIRED_KEYS, type FunctionRole } from '../shared/serverless/function-config.ts';

/*
 * The Terraform deployment (terraform/*.tf), parsed with @cdktf/hcl2json and checked against the code it
 * deploys: each role's function carries what that role requires (REQUIRED_KEYS), the functions point at
 * each other without a cycle, func.yaml agrees with the variables' defaults, IAM grants `manage` only on
 * the run bucket's objects, the schedule starts the coordinator, the bucket is private and versioned.
 * Nothing here talks to OCI (`terraform validate` needs the provider, which cannot be downloaded here);
 * `terraform fmt -check` runs when the binary is on PATH.
 *
 * hcl2json keeps expressions as strings: `oci_functions_function.merge.id` reads "${oci_functions_function.merge.id}".
 */

/**
 * `parse(filename, contents)` of @cdktf/hcl2json (HCL -> JSON, in WebAssembly), loaded with require and typed
 * here: its own declarations start with `/// <reference lib="dom" />`, and a static import would add the DOM
 * library to the whole typecheck (it breaks Buffer/Headers typing in other tests).
 */
const { parse } = createRequire(import.meta.url)('@cdktf/hcl2json') as {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
};

const REPO = fileURLToPath(new URL('..', import.meta.url));
const TERRAFORM_DIR = join(REPO, 'terraform');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Body = { [key: string]: Json };

interface Deployment {
  /** Source text of each .tf file, by file name. */
  sources: Map<string, string>;
  /** Resource bodies by type, then name. */
  resources: Map<string, Map<string, Body>>;
  variables: Map<string, Body>;
  outputs: Map<string, Body>;
  locals: Map<string, Json>;
  terraformBlocks: Body[];
}

function isBody(value: Json | undefined): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** hcl2json wraps every block in an array; blocks that may repeat (rules, resources) keep all their entries. */
function blocks(value: Json | undefined): Body[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter(isBody);
}

function only(value: Json | undefined, what: string): Body {
  const found = blocks(value);
  assert.is(found.length, 1, `${what}: expected exactly one block, got ${found.length}`);
  return found[0] as Body;
}

function text(value: Json | undefined, what: string): string {
  assert.type(value, 'string', `${what} should be a string, got ${JSON.stringify(value)}`);
  return value as string;
}

async function loadDeployment(): Promise<Deployment> {
  const deployment: Deployment = {
    sources: new Map(),
    resources: new Map(),
    variables: new Map(),
    outputs: new Map(),
    locals: new Map(),
    terraformBlocks: [],
  };
  const files = readdirSync(TERRAFORM_DIR).filter((name) => name.endsWith('.tf')).sort();
  for (const file of files) {
    const source = readFileSync(join(TERRAFORM_DIR, file), 'utf8');
    deployment.sources.set(file, source);
    const parsed = (await parse(file, source)) as Body;
    for (const [type, byName] of Object.entries(isBody(parsed.resource) ? parsed.resource : {})) {
      const resources = deployment.resources.get(type) ?? new Map<string, Body>();
      for (const [name, body] of Object.entries(isBody(byName) ? byName : {})) {
        assert.not.ok(resources.has(name), `resource ${type}.${name} is declared twice`);
        resources.set(name, only(body, `${type}.${name}`));
      }
      deployment.resources.set(type, resources);
    }
    for (const [name, body] of Object.entries(isBody(parsed.variable) ? parsed.variable : {})) {
      deployment.variables.set(name, only(body, `variable ${name}`));
    }
    for (const [name, body] of Object.entries(isBody(parsed.output) ? parsed.output : {})) {
      deployment.outputs.set(name, only(body, `output ${name}`));
    }
    for (const localsBlock of blocks(parsed.locals)) {
      for (const [name, value] of Object.entries(localsBlock)) deployment.locals.set(name, value);
    }
    deployment.terraformBlocks.push(...blocks(parsed.terraform));
  }
  return deployment;
}

let loaded: Promise<Deployment> | undefined;
const deployment = (): Promise<Deployment> => (loaded ??= loadDeployment());

function resourcesOf(d: Deployment, type: string): Map<string, Body> {
  return d.resources.get(type) ?? new Map();
}

/** Replaces `${local.x}` by the local's string value (which may itself use locals), so statements read whole. */
function withLocals(d: Deployment, value: string): string {
  let current = value;
  for (let round = 0; round < 10; round += 1) {
    const next = current.replace(/\$\{local\.([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
      const local = d.locals.get(name);
      return typeof local === 'string' ? local : whole;
    });
    if (next === current) return next;
    current = next;
  }
  return current;
}

function variableDefault(d: Deployment, name: string): Json | undefined {
  const variable = d.variables.get(name);
  assert.ok(variable, `variable ${name} is not declared`);
  return variable.default;
}

/** The function resources by the role their configuration gives them. */
function functionsByRole(d: Deployment): Map<FunctionRole, { name: string; body: Body; config: Body }> {
  const byRole = new Map<FunctionRole, { name: string; body: Body; config: Body }>();
  for (const [name, body] of resourcesOf(d, 'oci_functions_function')) {
    assert.ok(isBody(body.config), `oci_functions_function.${name} has no literal config map`);
    const config = body.config as Body;
    const role = text(config[CONFIG_KEYS.role], `oci_functions_function.${name} ${CONFIG_KEYS.role}`);
    assert.ok((FUNCTION_ROLES as readonly string[]).includes(role), `oci_functions_function.${name} has unknown role ${role}`);
    assert.not.ok(byRole.has(role as FunctionRole), `two functions have the role ${role}`);
    byRole.set(role as FunctionRole, { name, body, config });
  }
  return byRole;
}

function functionFor(d: Deployment, role: FunctionRole): { name: string; body: Body; config: Body } {
  const fn = functionsByRole(d).get(role);
  assert.ok(fn, `no oci_functions_function has ${CONFIG_KEYS.role} = "${role}"`);
  return fn;
}

/** `${oci_functions_function.<name>.<attribute>}` -> name, or undefined. */
function functionReference(value: Json | undefined, attribute: 'id' | 'invoke_endpoint'): string | undefined {
  if (typeof value !== 'string') return undefined;
  return new RegExp(`^\\$\\{oci_functions_function\\.([A-Za-z0-9_-]+)\\.${attribute}\\}$`).exec(value)?.[1];
}

interface Statement {
  policy: string;
  raw: string;
  subject: string;
  verb: string;
  resourceType: string;
  scope: string;
  condition: string;
}

const STATEMENT = /^Allow (?<subject>.+?) to (?<verb>\S+) (?<resourceType>\S+) in (?<rest>.+)$/s;

function statementsOf(d: Deployment): Statement[] {
  const statements: Statement[] = [];
  for (const [policy, body] of resourcesOf(d, 'oci_identity_policy')) {
    assert.ok(Array.isArray(body.statements), `oci_identity_policy.${policy}: statements must be a literal list (so that they can be reviewed and tested)`);
    for (const value of body.statements as Json[]) {
      const raw = withLocals(d, text(value, `a statement of oci_identity_policy.${policy}`));
      const match = STATEMENT.exec(raw);
      assert.ok(match?.groups, `oci_identity_policy.${policy}: cannot read the statement ${raw}`);
      const { subject = '', verb = '', resourceType = '', rest = '' } = match.groups;
      const where = rest.indexOf(' where ');
      statements.push({
        policy,
        raw,
        subject,
        verb,
        resourceType,
        scope: where === -1 ? rest : rest.slice(0, where),
        condition: where === -1 ? '' : rest.slice(where + ' where '.length),
      });
    }
  }
  return statements;
}

function bucketResource(d: Deployment): { name: string; body: Body } {
  const buckets = [...resourcesOf(d, 'oci_objectstorage_bucket')];
  assert.is(buckets.length, 1, 'expected exactly one oci_objectstorage_bucket');
  const [name, body] = buckets[0] as [string, Body];
  return { name, body };
}

test('every .tf file parses and declares the expected pieces', async () => {
  const d = await deployment();
  assert.ok(d.sources.size >= 5, `expected the deployment split over several files, got ${[...d.sources.keys()].join(', ')}`);
  for (const type of [
    'oci_objectstorage_bucket',
    'oci_objectstorage_object_lifecycle_policy',
    'oci_functions_application',
    'oci_functions_function',
    'oci_identity_dynamic_group',
    'oci_identity_policy',
    'oci_resource_scheduler_schedule',
  ]) {
    assert.ok(resourcesOf(d, type).size > 0, `no ${type} in terraform/`);
  }
  assert.is(resourcesOf(d, 'oci_functions_function').size, FUNCTION_ROLES.length, 'one function per role, no more');
});

test('every variable and every output has a description', async () => {
  const d = await deployment();
  assert.ok(d.variables.size > 0);
  for (const [name, variable] of d.variables) {
    const description = variable.description;
    assert.ok(typeof description === 'string' && description.trim().length > 10, `variable ${name} needs a description`);
  }
  for (const [name, output] of d.outputs) {
    const description = output.description;
    assert.ok(typeof description === 'string' && description.trim().length > 10, `output ${name} needs a description`);
  }
});

test('each role has a function whose config sets INVENTORY_ROLE and every key the role requires', async () => {
  const d = await deployment();
  for (const role of FUNCTION_ROLES) {
    const { name, config } = functionFor(d, role);
    assert.is(config[CONFIG_KEYS.role], role);
    for (const key of REQUIRED_KEYS[role]) {
      const value = config[CONFIG_KEYS[key]];
      assert.ok(
        typeof value === 'string' && value.trim() !== '',
        `oci_functions_function.${name} (${role}) must set ${CONFIG_KEYS[key]}, which readFunctionConfig requires for the ${role} role`,
      );
    }
  }
});

test('function configuration uses only keys the handler reads, and never the emulator endpoint template', async () => {
  const d = await deployment();
  const known = new Set<string>(Object.values(CONFIG_KEYS));
  for (const [role, { name, config }] of functionsByRole(d)) {
    for (const key of Object.keys(config)) {
      assert.ok(known.has(key), `oci_functions_function.${name} (${role}) sets ${key}, which is not in CONFIG_KEYS (a typo?)`);
    }
    assert.not.ok(CONFIG_KEYS.endpointTemplate in config, `${CONFIG_KEYS.endpointTemplate} is for the emulator, not for OCI`);
  }
});

test('function OCIDs and invoke endpoints point at the functions each role calls, without a cycle', async () => {
  const d = await deployment();
  const roles = functionsByRole(d);
  const roleOfName = new Map([...roles].map(([role, fn]) => [fn.name, role]));
  const wiring: [keyof typeof CONFIG_KEYS, FunctionRole][] = [
    ['regionFunctionId', 'region'],
    ['mergeFunctionId', 'merge'],
  ];
  const calls = new Map<FunctionRole, Set<FunctionRole>>();
  for (const [role, { name, config }] of roles) {
    const targets = new Set<FunctionRole>();
    for (const [key, targetRole] of wiring) {
      const value = config[CONFIG_KEYS[key]];
      if (value === undefined) continue;
      const target = functionReference(value, 'id');
      assert.ok(target, `oci_functions_function.${name}: ${CONFIG_KEYS[key]} must be oci_functions_function.<name>.id, got ${JSON.stringify(value)}`);
      assert.is(roleOfName.get(target), targetRole, `oci_functions_function.${name}: ${CONFIG_KEYS[key]} points at the ${roleOfName.get(target)} function`);
      targets.add(targetRole);
    }
    const endpoint = config[CONFIG_KEYS.invokeEndpoint];
    if (endpoint !== undefined) {
      const target = functionReference(endpoint, 'invoke_endpoint');
      assert.ok(target, `oci_functions_function.${name}: ${CONFIG_KEYS.invokeEndpoint} must be oci_functions_function.<name>.invoke_endpoint`);
      assert.ok(targets.has(roleOfName.get(target) as FunctionRole), `oci_functions_function.${name}: the invoke endpoint is that of a function it does not call`);
    }
    calls.set(role, targets);
  }
  assert.equal([...(calls.get('merge') ?? [])], [], 'merge calls no function');
  assert.equal([...(calls.get('region') ?? [])], ['merge']);
  assert.ok(calls.get('coordinator')?.has('region'), 'the coordinator starts the region functions');

  // Depth-first search for a cycle among the functions' references: Terraform would refuse to plan one.
  const state = new Map<FunctionRole, 'visiting' | 'done'>();
  const visit = (role: FunctionRole, path: FunctionRole[]): void => {
    if (state.get(role) === 'done') return;
    assert.not.equal(state.get(role), 'visiting', `dependency cycle: ${[...path, role].join(' -> ')}`);
    state.set(role, 'visiting');
    for (const next of calls.get(role) ?? []) visit(next, [...path, role]);
    state.set(role, 'done');
  };
  for (const role of FUNCTION_ROLES) visit(role, []);
});

test('the three functions run the same image, are named after their role, and use the per-role variables', async () => {
  const d = await deployment();
  const images = new Set<string>();
  for (const role of FUNCTION_ROLES) {
    const { name, body } = functionFor(d, role);
    assert.is(body.display_name, role, `oci_functions_function.${name}: display_name must be the role (fn invoke <app> ${role})`);
    images.add(text(body.image, `oci_functions_function.${name}.image`));
    assert.is(body.memory_in_mbs, `\${var.${role}_memory_mb}`);
    assert.is(body.timeout_in_seconds, `\${var.${role}_timeout_seconds}`);
    assert.is(body.detached_mode_timeout_in_seconds, `\${var.${role}_detached_timeout_seconds}`);
    assert.match(text(body.application_id, `oci_functions_function.${name}.application_id`), /^\$\{oci_functions_application\.[A-Za-z0-9_-]+\.id\}$/);
  }
  assert.is(images.size, 1, `one image for the three roles, got ${[...images].join(', ')}`);
});

test("func.yaml's name, memory and timeout agree with the variables' defaults", async () => {
  const d = await deployment();
  const funcYaml = parseYaml(readFileSync(join(REPO, 'func.yaml'), 'utf8')) as { name?: unknown; memory?: unknown; timeout?: unknown };
  assert.is(variableDefault(d, 'application_name'), funcYaml.name, 'the application is named like func.yaml');
  const application = only([...resourcesOf(d, 'oci_functions_application').values()], 'oci_functions_application');
  assert.is(application.display_name, '${var.application_name}');
  assert.type(funcYaml.memory, 'number');
  // func.yaml's memory is what the image is built and tried with (fn deploy); Terraform may give a role more
  // (the merge: /tmp is a quarter of the memory), never less.
  assert.is(variableDefault(d, 'coordinator_memory_mb'), funcYaml.memory, "coordinator_memory_mb defaults to func.yaml's memory");
  for (const role of FUNCTION_ROLES) {
    const memory = variableDefault(d, `${role}_memory_mb`);
    assert.ok(typeof memory === 'number' && memory >= (funcYaml.memory as number), `${role}_memory_mb defaults below func.yaml's memory`);
    assert.is(variableDefault(d, `${role}_timeout_seconds`), funcYaml.timeout, `${role}_timeout_seconds defaults to func.yaml's timeout`);
  }
});

test('memory and timeout variables default within OCI limits and are validated', async () => {
  const d = await deployment();
  const MEMORY_STEPS = [128, 256, 512, 1024, 2048, 3072];
  for (const role of FUNCTION_ROLES) {
    const memory = variableDefault(d, `${role}_memory_mb`);
    assert.ok(typeof memory === 'number' && MEMORY_STEPS.includes(memory), `${role}_memory_mb default ${memory}`);
    const sync = variableDefault(d, `${role}_timeout_seconds`);
    assert.ok(typeof sync === 'number' && sync >= 5 && sync <= 300, `${role}_timeout_seconds default ${sync}`);
    const detached = variableDefault(d, `${role}_detached_timeout_seconds`);
    assert.ok(typeof detached === 'number' && detached >= 5 && detached <= 3600, `${role}_detached_timeout_seconds default ${detached}`);
    for (const name of [`${role}_memory_mb`, `${role}_timeout_seconds`, `${role}_detached_timeout_seconds`]) {
      assert.ok(blocks(d.variables.get(name)?.validation).length > 0, `variable ${name} needs a validation against the OCI limit`);
    }
  }
  // The long-running roles need the detached limit, not the 300 s of a synchronous call.
  assert.is(variableDefault(d, 'region_detached_timeout_seconds'), 3600);
  assert.is(variableDefault(d, 'merge_detached_timeout_seconds'), 3600);
});

test('the provider is oracle/oci, at a version with detached_mode_timeout_in_seconds (7.21.0)', async () => {
  const d = await deployment();
  const providers = d.terraformBlocks.flatMap((block) => blocks(block.required_providers));
  const oci = providers.map((block) => block.oci).find(isBody);
  assert.ok(oci, 'required_providers must declare oci');
  assert.is(oci.source, 'oracle/oci');
  const minimum = /(?:^|,)\s*>=\s*(\d+)\.(\d+)\.(\d+)/.exec(text(oci.version, 'the oci provider version'));
  assert.ok(minimum, `the oci provider needs a lower bound, got ${oci.version}`);
  const [major, minor] = [Number(minimum[1]), Number(minimum[2])];
  assert.ok(major > 7 || (major === 7 && minor >= 21), `oracle/oci ${minimum.slice(1).join('.')} predates detached_mode_timeout_in_seconds`);
});

test('the bucket is private, versioned, without object events, and expires runs and previous versions', async () => {
  const d = await deployment();
  const bucket = bucketResource(d);
  assert.is(bucket.body.access_type, 'NoPublicAccess');
  assert.is(bucket.body.versioning, 'Enabled');
  assert.is(bucket.body.object_events_enabled, false, 'nothing reacts to object events: the functions call each other');
  const functionsBucket = functionFor(d, 'merge').config[CONFIG_KEYS.bucket];
  assert.is(functionsBucket, `\${oci_objectstorage_bucket.${bucket.name}.name}`, 'the functions write to the bucket created here');

  const lifecycle = only([...resourcesOf(d, 'oci_objectstorage_object_lifecycle_policy').values()], 'lifecycle policy');
  assert.is(lifecycle.bucket, `\${oci_objectstorage_bucket.${bucket.name}.name}`);
  const rules = blocks(lifecycle.rules);
  const expireRuns = rules.find((rule) => rule.target === 'objects' && rule.action === 'DELETE');
  assert.ok(expireRuns, 'a rule deletes objects');
  assert.is(expireRuns.time_amount, '${var.retention_days}');
  const filter = only(expireRuns.object_name_filter, 'the filter of the rule expiring runs');
  assert.equal(filter.inclusion_prefixes, ['${var.bucket_prefix}runs/'], 'only runs expire, never latest.json');
  assert.ok(
    rules.some((rule) => rule.target === 'previous-object-versions' && rule.action === 'DELETE'),
    'the bucket is versioned: previous versions must expire too',
  );
});

test('the dynamic group matches exactly the three functions', async () => {
  const d = await deployment();
  const group = only([...resourcesOf(d, 'oci_identity_dynamic_group').values()], 'oci_identity_dynamic_group');
  const rule = text(group.matching_rule, 'matching_rule');
  for (const role of FUNCTION_ROLES) {
    assert.ok(rule.includes(`oci_functions_function.${functionFor(d, role).name}.id`), `the matching rule must name the ${role} function by OCID`);
  }
  assert.not.match(rule, /resource\.compartment\.id/, 'a compartment rule would include any function deployed there later');
});

test('every policy statement has a comment saying why', async () => {
  const d = await deployment();
  let count = 0;
  for (const [file, source] of d.sources) {
    const lines = source.split('\n');
    lines.forEach((line, index) => {
      if (!/^\s*"Allow /.test(line)) return;
      count += 1;
      const previous = lines.slice(0, index).reverse().find((candidate) => candidate.trim() !== '') ?? '';
      assert.match(previous, /^\s*#/, `${file}:${index + 1}: the statement needs a comment on the line above: ${line.trim()}`);
    });
  }
  assert.ok(count >= statementsOf(d).length, 'every statement is written on its own line');
});

test('no policy statement grants manage except objects in the run bucket; use only to invoke, encrypt, attach', async () => {
  const d = await deployment();
  const bucket = bucketResource(d);
  const bucketCondition = `target.bucket.name = '\${oci_objectstorage_bucket.${bucket.name}.name}'`;
  const statements = statementsOf(d);
  assert.ok(statements.length > 0);
  for (const statement of statements) {
    const where = `oci_identity_policy.${statement.policy}: ${statement.raw}`;
    assert.ok(['inspect', 'read', 'use', 'manage'].includes(statement.verb), `${where}: verb must be inspect, read, use or manage`);
    if (statement.verb === 'manage') {
      assert.is(statement.resourceType, 'objects', `${where}: manage is allowed only on objects`);
      assert.ok(statement.condition.includes(bucketCondition), `${where}: manage objects must be restricted with ${bucketCondition}`);
    }
    if (statement.verb === 'use') {
      assert.ok(['fn-invocation', 'keys', 'virtual-network-family'].includes(statement.resourceType), `${where}: unexpected use`);
      if (statement.resourceType === 'fn-invocation') {
        assert.match(statement.condition, /target\.function\.id = '\$\{oci_functions_function\.[A-Za-z0-9_-]+\.id\}'/, `${where}: invoke only named functions`);
      }
      if (statement.resourceType === 'keys') assert.match(statement.condition, /target\.key\.id = /, `${where}: one key only`);
      if (statement.resourceType === 'virtual-network-family') assert.is(statement.subject, 'service faas', `${where}: only the Functions service uses the network`);
    }
    if (statement.resourceType === 'all-resources') {
      assert.ok(['inspect', 'read'].includes(statement.verb), `${where}: all-resources only to inspect or read`);
      if (statement.verb === 'read') {
        assert.match(statement.condition, /request\.permission != /, `${where}: the tenancy-wide read must carve out data-reading permissions`);
      }
    }
    if (statement.subject === 'any-user') {
      assert.match(statement.condition, /request\.principal\.type = '[a-z]+'/, `${where}: any-user must be narrowed to a principal`);
      assert.match(statement.condition, /request\.principal\.id = '/, `${where}: any-user must be narrowed to one principal`);
    }
  }
  const excluded = variableDefault(d, 'excluded_read_permissions');
  assert.ok(Array.isArray(excluded) && excluded.includes('OBJECT_READ') && excluded.includes('SECRET_BUNDLE_READ'), 'object and secret contents stay out of the read statement');
  const invoked = statements
    .filter((statement) => statement.resourceType === 'fn-invocation' && statement.subject.startsWith('dynamic-group'))
    .map((statement) => /oci_functions_function\.([A-Za-z0-9_-]+)\.id/.exec(statement.condition)?.[1]);
  assert.equal(invoked.sort(), [functionFor(d, 'merge').name, functionFor(d, 'region').name].sort(), 'the functions may invoke region and merge, not the coordinator');
});

test('the nightly schedule starts the coordinator, and only it may invoke it', async () => {
  const d = await deployment();
  const [scheduleName, schedule] = [...resourcesOf(d, 'oci_resource_scheduler_schedule')][0] as [string, Body];
  assert.is(schedule.action, 'START_RESOURCE');
  assert.is(schedule.recurrence_type, 'CRON');
  const coordinator = functionFor(d, 'coordinator').name;
  const targets = blocks(schedule.resources).map((resource) => functionReference(resource.id, 'id'));
  assert.equal(targets, [coordinator], 'the schedule has one resource: the coordinator');

  const scheduleStatements = statementsOf(d).filter((statement) => statement.condition.includes("request.principal.type = 'resourceschedule'"));
  const invoke = scheduleStatements.find((statement) => statement.resourceType === 'fn-invocation');
  assert.ok(invoke, 'a policy lets the schedule invoke the function');
  assert.ok(invoke.condition.includes(`request.principal.id = '\${oci_resource_scheduler_schedule.${scheduleName}.id}'`), 'only this schedule');
  assert.ok(invoke.condition.includes(`target.function.id = '\${oci_functions_function.${coordinator}.id}'`), 'only the coordinator');
});

const terraformVersion = spawnSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
if (terraformVersion.error) {
  console.warn(`terraform is not on PATH (${terraformVersion.error.message}): skipping the "terraform fmt -check" test`);
  test.skip('terraform fmt -check passes');
} else {
  test('terraform fmt -check passes', () => {
    const result = spawnSync('terraform', ['fmt', '-check', '-recursive', '-diff', 'terraform'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    assert.is(result.status, 0, `terraform fmt -check -recursive terraform failed:\n${result.stdout}${result.stderr}`);
  });
}

test.run();
