import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXIT_CODES, SettingsError } from '../shared/errors.ts';
import {
  AUTH_SETTINGS,
  DEFAULT_SETTINGS,
  defineCommand,
  envName,
  flagName,
  formatHelp,
  formatResolvedSettings,
  LOG_SETTINGS,
  parseCommandLine,
  pathValue,
  resolveSettings,
  SETTING_KEYS,
  switchOption,
  valueOption,
  nonEmptyString,
  type ResolveInput,
} from '../shared/settings/index.ts';

const CWD = '/work/run';
const HOME = '/home/op';
const scratch = mkdtempSync(join(tmpdir(), 'settings-test-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

function writeScratch(name: string, content: string): string {
  const path = join(scratch, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function resolve(input: Partial<ResolveInput> = {}) {
  return resolveSettings({ argv: [], env: {}, cwd: CWD, homeDir: HOME, ...input });
}

/** The SettingsError message of a resolution that must fail. */
function failure(input: Partial<ResolveInput>): string {
  try {
    resolve(input);
  } catch (error) {
    assert.instance(error, SettingsError);
    assert.is((error as SettingsError).exitCode, EXIT_CODES.usage);
    return (error as Error).message;
  }
  assert.unreachable(`expected a SettingsError for ${JSON.stringify(input)}`);
  return '';
}

// --- defaults and precedence ------------------------------------------------------------------

test('no input: the defaults, with paths expanded and absolute, every source "default"', () => {
  const { settings, sources, configFile } = resolve();
  assert.equal(settings, {
    ...DEFAULT_SETTINGS,
    ociConfig: '/home/op/.oci/config',
    outdir: '/work/run/out',
  });
  assert.equal(settings.formats, ['jsonl', 'csv', 'parquet']);
  assert.is(configFile, null);
  for (const key of SETTING_KEYS) assert.equal(sources[key], { kind: 'default' }, key);
});

test('OCI_CLI_CONFIG_FILE replaces the ociConfig default but ranks below the settings file', () => {
  const env = { OCI_CLI_CONFIG_FILE: '~/custom/oci.cfg' };
  assert.is(resolve({ env }).settings.ociConfig, '/home/op/custom/oci.cfg');
  assert.equal(resolve({ env }).sources.ociConfig, { kind: 'env', name: 'OCI_CLI_CONFIG_FILE' });

  const file = writeScratch('oci-config-rank.yaml', 'ociConfig: /etc/oci/config\n');
  assert.is(resolve({ env, argv: ['--config', file] }).settings.ociConfig, '/etc/oci/config');
});

test('precedence: file < env < flag, each layer overriding one key', () => {
  const file = writeScratch('precedence.yaml', ['workersRegion: 2', 'workersEnrich: 3', 'profile: FROM_FILE', 'logLevel: warn', ''].join('\n'));
  const { settings, sources } = resolve({
    argv: ['--config', file, '--profile', 'FROM_FLAG'],
    env: { OCI_INV_WORKERS_ENRICH: '4', OCI_INV_PROFILE: 'FROM_ENV' },
  });
  assert.is(settings.logLevel, 'warn'); // file only
  assert.is(settings.workersRegion, 2); // file only
  assert.is(settings.workersEnrich, 4); // env beats file
  assert.is(settings.profile, 'FROM_FLAG'); // flag beats env and file
  assert.is(settings.query, DEFAULT_SETTINGS.query); // nobody set it
  assert.equal(sources.workersRegion, { kind: 'file', path: file, key: 'workersRegion' });
  assert.equal(sources.workersEnrich, { kind: 'env', name: 'OCI_INV_WORKERS_ENRICH' });
  assert.equal(sources.profile, { kind: 'flag', flag: '--profile' });
  assert.equal(sources.query, { kind: 'default' });
});

test('the settings file comes from --config, else OCI_INV_CONFIG; the flag wins', () => {
  const fromEnv = writeScratch('env-named.yaml', 'profile: ENV_FILE\n');
  const fromFlag = writeScratch('flag-named.yaml', 'profile: FLAG_FILE\n');
  assert.is(resolve({ env: { OCI_INV_CONFIG: fromEnv } }).settings.profile, 'ENV_FILE');
  const both = resolve({ env: { OCI_INV_CONFIG: fromEnv }, argv: ['--config', fromFlag] });
  assert.is(both.settings.profile, 'FLAG_FILE');
  assert.is(both.configFile, fromFlag);
});

test('flags accept --name=value as well as --name value; a scalar flag given twice: the last wins', () => {
  const { settings } = resolve({ argv: ['--workers-region=3', '--log-format', 'json', '--workers-region', '5'] });
  assert.is(settings.workersRegion, 5);
  assert.is(settings.logFormat, 'json');
});

test('resolved settings are frozen, lists included', () => {
  const { settings } = resolve({ argv: ['--regions', 'us-ashburn-1'] });
  assert.ok(Object.isFrozen(settings));
  assert.ok(Object.isFrozen(settings.regions));
  assert.ok(Object.isFrozen(settings.formats));
});

// --- settings files ---------------------------------------------------------------------------

const FILE_SETTINGS = {
  auth: 'config',
  profile: 'ops',
  regions: ['us-phoenix-1', 'us-ashburn-1'],
  workersRegion: 8,
  formats: ['csv', 'jsonl'],
  endpointTemplate: 'http://127.0.0.1:8080/{region}/{service}',
  tenancy: null,
};

test('YAML and JSON settings files with the same content give the same settings', () => {
  const yamlFile = writeScratch('same.yaml', [
    'auth: config',
    'profile: ops',
    'regions:',
    '  - us-phoenix-1',
    '  - us-ashburn-1',
    'workersRegion: 8',
    'formats: [csv, jsonl]',
    "endpointTemplate: 'http://127.0.0.1:8080/{region}/{service}'",
    'tenancy: null',
    '',
  ].join('\n'));
  const jsonFile = writeScratch('same.json', JSON.stringify(FILE_SETTINGS));
  const fromYaml = resolve({ argv: ['--config', yamlFile] }).settings;
  const fromJson = resolve({ argv: ['--config', jsonFile] }).settings;
  assert.equal(fromYaml, fromJson);
  assert.equal(fromYaml.regions, ['us-ashburn-1', 'us-phoenix-1']);
  assert.equal(fromYaml.formats, ['jsonl', 'csv']);
  assert.is(fromYaml.workersRegion, 8);
  assert.is(fromYaml.auth, 'config');
});

test('a file without a known extension is read as JSON when it starts with "{", else as YAML', () => {
  assert.is(resolve({ argv: ['--config', writeScratch('settings.conf', '{"profile": "json-ish"}')] }).settings.profile, 'json-ish');
  assert.is(resolve({ argv: ['--config', writeScratch('settings.txt', 'profile: yaml-ish\n')] }).settings.profile, 'yaml-ish');
});

test('settings files accept kebab-case keys; the same setting in both spellings is an error', () => {
  const kebab = writeScratch('kebab.yaml', 'workers-region: 9\nlog-format: json\n');
  const { settings, sources } = resolve({ argv: ['--config', kebab] });
  assert.is(settings.workersRegion, 9);
  assert.is(settings.logFormat, 'json');
  assert.equal(sources.workersRegion, { kind: 'file', path: kebab, key: 'workers-region' });

  const both = writeScratch('both.yaml', 'workers-region: 9\nworkersRegion: 10\n');
  const message = failure({ argv: ['--config', both] });
  assert.ok(message.includes('workersRegion is given twice'), message);
  assert.ok(message.includes(both), message);
});

test('paths in a settings file resolve against the file\'s folder; paths in flags and env against the cwd', () => {
  const file = writeScratch('nested/dir/paths.yaml', 'outdir: inventory\nprev: ../old/inventory.jsonl\n');
  const fromFile = resolve({ argv: ['--config', file] }).settings;
  assert.is(fromFile.outdir, join(scratch, 'nested/dir/inventory'));
  assert.is(fromFile.prev, join(scratch, 'nested/old/inventory.jsonl'));

  const fromFlags = resolve({ argv: ['--outdir', 'o', '--prev', '~/p.jsonl'], env: { OCI_INV_OCI_CONFIG: 'cfg/oci' } }).settings;
  assert.is(fromFlags.outdir, '/work/run/o');
  assert.is(fromFlags.prev, '/home/op/p.jsonl');
  assert.is(fromFlags.ociConfig, '/work/run/cfg/oci');
});

test('an empty settings file sets nothing', () => {
  const { settings } = resolve({ argv: ['--config', writeScratch('empty.yaml', '# nothing yet\n')] });
  assert.is(settings.profile, 'DEFAULT');
});

test('an unreadable settings file is an error naming the file', () => {
  const missing = join(scratch, 'does-not-exist.yaml');
  const message = failure({ argv: ['--config', missing] });
  assert.ok(message.includes(`Cannot read settings file ${missing}`), message);
  assert.ok(message.includes('ENOENT'), message);
});

test('a YAML syntax error names the file and the line', () => {
  const file = writeScratch('broken.yaml', 'profile: ok\nregions: [us-ashburn-1\nauth: config\n');
  const message = failure({ argv: ['--config', file] });
  assert.ok(message.startsWith(`Cannot parse settings file ${file} as YAML`), message);
  assert.match(message, /line 3, column 1/);
});

test('a JSON syntax error names the file (and the line when the parser reports a position)', () => {
  const file = writeScratch('broken.json', '{\n  "profile": "ok",\n  "auth": "config"\n');
  const message = failure({ argv: ['--config', file] });
  assert.ok(message.startsWith(`Cannot parse settings file ${file} as JSON`), message);

  const positioned = writeScratch('positioned.json', '{\n  "profile": "ok"\n  "auth": "config"\n}\n');
  const positionedMessage = failure({ argv: ['--config', positioned] });
  assert.match(positionedMessage, /line 3, column 3/);
});

test('a settings file that is not a mapping is an error saying what was expected', () => {
  const file = writeScratch('list.yaml', '- profile\n- auth\n');
  assert.is(failure({ argv: ['--config', file] }), `Invalid settings file ${file}: expected a mapping of setting names to values, got a list`);
});

test('an unknown settings-file key is an error naming it, with the closest valid key', () => {
  const file = writeScratch('typo.yaml', 'workerRegion: 4\n');
  assert.is(failure({ argv: ['--config', file] }), `Unknown setting "workerRegion" in ${file} (did you mean workersRegion?)`);

  const far = writeScratch('far.yaml', 'colour: blue\n');
  const message = failure({ argv: ['--config', far] });
  assert.ok(message.startsWith(`Unknown setting "colour" in ${far} (known: auth, ociConfig,`), message);
});

// --- environment ------------------------------------------------------------------------------

test('env var names derive from the keys', () => {
  assert.is(envName('workersRegion'), 'OCI_INV_WORKERS_REGION');
  assert.is(envName('ociConfig'), 'OCI_INV_OCI_CONFIG');
  assert.is(flagName('endpointTemplate'), '--endpoint-template');
});

test('an unknown OCI_INV_* env var is an error naming it; other variables are not ours and are ignored', () => {
  assert.is(failure({ env: { OCI_INV_WORKER_REGION: '4' } }), 'Unknown environment variable OCI_INV_WORKER_REGION (did you mean OCI_INV_WORKERS_REGION?)');
  const { settings } = resolve({ env: { PATH: '/bin', OCI_CLI_PROFILE: 'X', OCI_INVENTORY_OTHER: 'y' } });
  assert.is(settings.profile, 'DEFAULT');
});

test('OCI_INVENTORY_ENDPOINT_TEMPLATE also sets endpointTemplate; it must agree with OCI_INV_ENDPOINT_TEMPLATE', () => {
  const template = 'https://{service}.{region}.oci.example.com';
  const { settings, sources } = resolve({ env: { OCI_INVENTORY_ENDPOINT_TEMPLATE: template } });
  assert.is(settings.endpointTemplate, template);
  assert.equal(sources.endpointTemplate, { kind: 'env', name: 'OCI_INVENTORY_ENDPOINT_TEMPLATE' });

  const message = failure({ env: { OCI_INVENTORY_ENDPOINT_TEMPLATE: template, OCI_INV_ENDPOINT_TEMPLATE: 'http://{service}/{region}' } });
  assert.ok(message.includes('both set endpointTemplate but differ'), message);
});

// --- validation messages ----------------------------------------------------------------------

test('a bad flag value: the flag, what was expected and what was got', () => {
  assert.is(failure({ argv: ['--workers-region', 'abc'] }), 'Invalid --workers-region: expected an integer from 1 to 64, got "abc"');
  assert.is(failure({ argv: ['--workers-enrich', '257'] }), 'Invalid --workers-enrich: expected an integer from 1 to 256, got "257"');
  assert.is(failure({ argv: ['--workers-region', '4.5'] }), 'Invalid --workers-region: expected an integer from 1 to 64, got "4.5"');
  assert.is(failure({ argv: ['--auth', 'password'] }), 'Invalid --auth: expected one of "auto", "config", "instance", "resource", "security_token", got "password"');
  assert.is(failure({ argv: ['--log-level', 'trace'] }), 'Invalid --log-level: expected one of "debug", "info", "warn", "error", got "trace"');
});

test('a bad env value: the variable name, expected and got', () => {
  assert.is(failure({ env: { OCI_INV_WORKERS_REGION: '0' } }), 'Invalid OCI_INV_WORKERS_REGION: expected an integer from 1 to 64, got "0"');
  assert.is(failure({ env: { OCI_INV_LOG_FORMAT: 'xml' } }), 'Invalid OCI_INV_LOG_FORMAT: expected one of "text", "json", got "xml"');
});

test('a bad file value: path:key, expected and got (typed YAML values shown as such)', () => {
  const file = writeScratch('bad-values.yaml', 'workersRegion: 100\n');
  assert.is(failure({ argv: ['--config', file] }), `Invalid ${file}:workersRegion: expected an integer from 1 to 64, got 100`);
  const typed = writeScratch('bad-type.json', '{"workers-enrich": "many"}');
  assert.is(failure({ argv: ['--config', typed] }), `Invalid ${typed}:workers-enrich: expected an integer from 1 to 256, got "many"`);
});

test('every problem is reported at once, including a bad file value that a flag overrides', () => {
  const file = writeScratch('overridden.yaml', 'workersRegion: lots\n');
  const message = failure({
    argv: ['--config', file, '--workers-region', '4', '--log-level', 'loud'],
    env: { OCI_INV_NOPE: '1' },
  });
  assert.ok(message.startsWith('3 problems in the settings:'), message);
  assert.ok(message.includes(`Invalid ${file}:workersRegion`), message);
  assert.ok(message.includes('Invalid --log-level'), message);
  assert.ok(message.includes('Unknown environment variable OCI_INV_NOPE'), message);
});

test('an unknown flag is an error naming it, with the closest valid flag', () => {
  assert.is(failure({ argv: ['--worker-region', '4'] }), 'Unknown option --worker-region (did you mean --workers-region?)');
  assert.is(failure({ argv: ['--colour', 'blue'] }), 'Unknown option --colour');
});

test('a flag without its value is an error, also when the next token is another flag', () => {
  assert.is(failure({ argv: ['--profile'] }), 'Missing value for --profile NAME');
  assert.is(
    failure({ argv: ['--profile', '--auth', 'config'] }),
    'Missing value for --profile NAME (got the option --auth; write --profile=--auth if that is the value)',
  );
});

test('tenancy must look like a tenancy OCID', () => {
  const tenancy = 'ocid1.tenancy.oc1..aaaaaaaabcdefghijklmnop';
  assert.is(resolve({ argv: ['--tenancy', tenancy] }).settings.tenancy, tenancy);
  assert.is(
    failure({ argv: ['--tenancy', 'ocid1.compartment.oc1..aaaa'] }),
    'Invalid --tenancy: expected a tenancy OCID such as ocid1.tenancy.oc1..aaaa..., got "ocid1.compartment.oc1..aaaa"',
  );
});

test('a rejected value is shown redacted: a token pasted into the wrong variable does not leak', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2VjcmV0U0lHTkFUVVJF';
  const message = failure({ env: { OCI_INV_TENANCY: jwt } });
  assert.is(message, 'Invalid OCI_INV_TENANCY: expected a tenancy OCID such as ocid1.tenancy.oc1..aaaa..., got "[REDACTED JWT]"');
});

// --- lists ------------------------------------------------------------------------------------

test('regions: trimmed, deduplicated and sorted; repeated --regions flags add up', () => {
  assert.equal(resolve({ argv: ['--regions', 'us-phoenix-1, eu-frankfurt-1,us-phoenix-1,'] }).settings.regions, ['eu-frankfurt-1', 'us-phoenix-1']);
  assert.equal(resolve({ argv: ['--regions', 'us-phoenix-1', '--regions=ap-tokyo-1'] }).settings.regions, ['ap-tokyo-1', 'us-phoenix-1']);
  assert.equal(resolve({ env: { OCI_INV_REGIONS: 'us-gov-ashburn-1' } }).settings.regions, ['us-gov-ashburn-1']);
});

test('regions: a name that is not an OCI region id is rejected, naming the bad item', () => {
  assert.is(
    failure({ argv: ['--regions', 'us-ashburn-1,IAD'] }),
    'Invalid --regions: expected a comma-separated list of OCI region ids such as us-ashburn-1,eu-frankfurt-1, got "IAD"',
  );
  assert.ok(failure({ argv: ['--regions', 'US-ASHBURN-1'] }).endsWith('got "US-ASHBURN-1"'));
  assert.ok(failure({ argv: ['--regions', ','] }).startsWith('Invalid --regions: expected a comma-separated list'));
  const file = writeScratch('regions-number.yaml', 'regions: [us-ashburn-1, 7]\n');
  assert.ok(failure({ argv: ['--config', file] }).startsWith(`Invalid ${file}:regions`));
});

test('formats: a non-empty subset, in the canonical jsonl,csv,parquet order', () => {
  assert.equal(resolve({ argv: ['--formats', 'parquet,jsonl,parquet'] }).settings.formats, ['jsonl', 'parquet']);
  assert.is(failure({ argv: ['--formats', 'jsonl,xlsx'] }), 'Invalid --formats: expected a comma-separated, non-empty subset of jsonl,csv,parquet, got "xlsx"');
  assert.ok(failure({ env: { OCI_INV_FORMATS: '' } }).startsWith('Invalid OCI_INV_FORMATS: expected a comma-separated, non-empty subset'));
});

// --- endpoint template ------------------------------------------------------------------------

test('endpoint template: http(s) URLs with {service} and {region} are accepted', () => {
  for (const template of ['http://127.0.0.1:8080/{region}/{service}', 'https://{service}.{region}.oci.oraclecloud.com']) {
    assert.is(resolve({ argv: ['--endpoint-template', template] }).settings.endpointTemplate, template);
  }
});

test('endpoint template: missing placeholder, other scheme, unknown placeholder or non-URL are rejected with an explanation', () => {
  const explanation = 'expected an http(s) URL containing both {service} and {region} placeholders';
  for (const bad of ['http://127.0.0.1:8080/{region}', 'https://{service}.oci.example.com', 'ftp://{service}.{region}.example.com', 'not a url {service} {region}']) {
    const message = failure({ argv: ['--endpoint-template', bad] });
    assert.ok(message.startsWith(`Invalid --endpoint-template: ${explanation}`), message);
    assert.ok(message.endsWith(`got ${JSON.stringify(bad)}`), message);
  }
  const unknown = failure({ argv: ['--endpoint-template', 'http://{service}.{region}.{realm}.example.com'] });
  assert.ok(unknown.includes('no other placeholder such as {realm}'), unknown);
});

// --- commands ---------------------------------------------------------------------------------

const diffCommand = defineCommand({
  name: 'diff',
  summary: 'Compare two inventories and write the changes',
  settings: ['outdir', 'prev', ...LOG_SETTINGS],
  options: {
    curr: valueOption({ description: 'Current inventory.jsonl', valueName: 'FILE', parse: pathValue(), required: true }),
    label: valueOption({ description: 'Label for the report', valueName: 'TEXT', parse: nonEmptyString(), default: 'nightly' }),
    note: valueOption({ description: 'Free note', valueName: 'TEXT', parse: nonEmptyString() }),
    dryRun: switchOption({ description: 'Compute, write nothing' }),
  },
});

function parseDiff(argv: string[], env: NodeJS.ProcessEnv = {}) {
  return parseCommandLine(diffCommand, { argv, env, cwd: CWD, homeDir: HOME });
}

test('a command parses its accepted settings and its own options, typed', () => {
  const parsed = parseDiff(['--prev', 'a.jsonl', '--curr', 'b.jsonl', '--dry-run', '--log-format=json']);
  if (parsed.help) throw new Error('unexpected help');
  const curr: string = parsed.options.curr; // required: never undefined
  const label: string = parsed.options.label; // defaulted: never undefined
  const note: string | undefined = parsed.options.note;
  assert.equal({ curr, label, note, dryRun: parsed.options.dryRun }, { curr: '/work/run/b.jsonl', label: 'nightly', note: undefined, dryRun: true });
  assert.is(parsed.settings.prev, '/work/run/a.jsonl');
  assert.is(parsed.settings.logFormat, 'json');
  assert.equal(parsed.positionals, []);
});

test('-h/--help short-circuits: help even when the rest (env included) is invalid', () => {
  assert.equal(parseDiff(['--bogus', '--help'], { OCI_INV_WORKERS_REGION: 'bad' }), { help: true });
  assert.equal(parseDiff(['-h']), { help: true });
});

test('a command rejects settings flags it does not accept, missing required options and stray arguments', () => {
  let message = '';
  try {
    parseDiff(['--workers-region', '4', 'extra']);
  } catch (error) {
    assert.instance(error, SettingsError);
    message = (error as Error).message;
  }
  assert.ok(message.includes('Option --workers-region is not accepted by "diff"; see "diff --help"'), message);
  assert.ok(message.includes('Missing required option --curr FILE: Current inventory.jsonl'), message);
  assert.ok(message.includes('Unexpected argument "extra" for "diff"'), message);
});

test('a command still reads every setting from env and file (a shared file may hold run-only keys)', () => {
  const parsed = parseDiff(['--curr', 'b.jsonl'], { OCI_INV_WORKERS_REGION: '3' });
  assert.ok(!parsed.help && parsed.settings.workersRegion === 3);
});

test('a switch given a value and a bad option value are errors naming the option', () => {
  assert.throws(() => parseDiff(['--curr', 'b', '--dry-run=yes']), /Option --dry-run takes no value, got "yes"/);
  assert.throws(() => parseDiff(['--curr', 'b', '--label', '']), /Invalid --label: expected a non-empty string, got ""/);
});

test('defineCommand refuses an option that shadows an accepted setting or a built-in flag', () => {
  const shadow = (name: string) => () =>
    defineCommand({ name: 'x', summary: 'x', settings: ['outdir'], options: { [name]: switchOption({ description: 'x' }) } });
  assert.throws(shadow('outdir'), /--outdir clashes with a setting/);
  assert.throws(shadow('config'), /--config clashes/);
  assert.throws(shadow('dry_run'), /must be camelCase/);
});

test('a command that does not accept a setting may give its flag its own meaning', () => {
  const own = defineCommand({ name: 'emu', summary: 'x', settings: [], options: { tenancy: valueOption({ description: 'size', valueName: 'SIZE', parse: nonEmptyString(), default: 'small' }) } });
  const parsed = parseCommandLine(own, { argv: ['--tenancy', 'demo'], env: {}, cwd: '/tmp', homeDir: '/tmp' });
  assert.ok(!parsed.help && parsed.options.tenancy === 'demo' && parsed.settings.tenancy === null);
});

test('formatHelp lists every flag, env var and default of the declaration', () => {
  const everything = defineCommand({ name: 'run', summary: 'Take an inventory', settings: SETTING_KEYS, options: diffCommand.options });
  const help = formatHelp(everything);
  assert.ok(help.startsWith('Usage: oci-inventory run [options]\n\nTake an inventory\n'), help);
  for (const key of SETTING_KEYS) {
    assert.ok(help.includes(`${flagName(key)} `), `help lacks ${flagName(key)}`);
    assert.ok(help.includes(envName(key)), `help lacks ${envName(key)}`);
  }
  for (const flag of ['--curr FILE', '--label TEXT', '--note TEXT', '--dry-run', '--config FILE', '-h, --help', 'OCI_INV_CONFIG', 'OCI_INVENTORY_ENDPOINT_TEMPLATE']) {
    assert.ok(help.includes(flag), `help lacks ${flag}`);
  }
  assert.ok(help.includes('Current inventory.jsonl (required)'));
  assert.ok(help.includes('Label for the report (default: nightly)'));
  assert.ok(help.includes('Regions searched in parallel (default: 16)'));
});

test('formatHelp of a narrow command shows only what it accepts', () => {
  const help = formatHelp(diffCommand, { program: 'inv' });
  assert.ok(help.startsWith('Usage: inv diff [options]'));
  assert.ok(help.includes('--outdir DIR'));
  assert.not.ok(help.includes('--workers-region'));
  for (const key of AUTH_SETTINGS) assert.not.ok(help.includes(flagName(key)), `diff help shows ${flagName(key)}`);
});

test('formatResolvedSettings shows each value with where it came from', () => {
  const report = formatResolvedSettings(resolve({ argv: ['--workers-region', '4'], env: { OCI_INV_PROFILE: 'ops' } }));
  assert.match(report, /^workersRegion +4 +\(--workers-region\)$/m);
  assert.match(report, /^profile +ops +\(OCI_INV_PROFILE\)$/m);
  assert.match(report, /^regions +none +\(default\)$/m);
});

test.run();
