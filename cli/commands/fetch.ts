import { AUTH_SETTINGS, LOG_SETTINGS, defineCommand, valueOption, type ValueParser } from '../../shared/settings/index.ts';
import { fetchRun, isRunId, RunBucket, URL_SAFE_PREFIX } from '../../shared/bucket/index.ts';
import { UsageError } from '../../shared/errors.ts';
import { defineCliCommand } from '../cli-command.ts';
import { createRuntime } from './runtime.ts';

const fail = (expected: string) => ({ ok: false as const, expected });

const bucketName: ValueParser<string> = (raw) =>
  typeof raw === 'string' && /^[A-Za-z0-9_.-]{1,256}$/.test(raw) ? { ok: true, value: raw } : fail('a bucket name: 1 to 256 letters, digits, "-", "_" or "."');

const namespaceName: ValueParser<string> = (raw) =>
  typeof raw === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(raw) ? { ok: true, value: raw } : fail('an Object Storage namespace: 1 to 64 letters or digits');

const bucketPrefix: ValueParser<string> = (raw) =>
  typeof raw === 'string' && URL_SAFE_PREFIX.test(raw) && !raw.startsWith('/') && (raw === '' || raw.endsWith('/'))
    ? { ok: true, value: raw }
    : fail('a folder prefix such as "inventory/": letters, digits, ".", "_", "-" and "/", not starting with "/", ending with "/"');

const runSelector: ValueParser<string> = (raw) =>
  typeof raw === 'string' && (raw === 'latest' || isRunId(raw)) ? { ok: true, value: raw } : fail('"latest" or a run id such as 20240131T020000Z');

/**
 * Exit codes: 0 fetched; 2 (usage) when the bucket, namespace or run does not exist or there is no
 * complete run yet (the user must change what they asked for, or wait for a run); 3 auth; 1 otherwise
 * (including a download that fails verification).
 */
export const fetchCommand = defineCliCommand({
  spec: defineCommand({
    name: 'fetch',
    summary: "Download a run's artifacts from the run bucket (latest or by id); prints the local run folder",
    settings: [...AUTH_SETTINGS, 'outdir', ...LOG_SETTINGS],
    options: {
      bucket: valueOption({ description: 'Bucket the serverless runs write to', valueName: 'NAME', parse: bucketName, required: true }),
      namespace: valueOption({ description: "Object Storage namespace (default: the tenancy's)", valueName: 'NS', parse: namespaceName }),
      prefix: valueOption({ description: 'Folder of the runs inside the bucket, ending with "/"', valueName: 'PREFIX', parse: bucketPrefix, default: '' }),
      run: valueOption({ description: 'Which run: latest, or a run id such as 20240131T020000Z', valueName: 'latest|ID', parse: runSelector, default: 'latest' }),
    },
  }),
  async execute(parsed, io) {
    const runtime = await createRuntime(parsed.settings, io);
    const region = runtime.auth.region;
    if (region === null) {
      throw new UsageError('Cannot tell the region of the bucket: the credentials name no region. Set "region" in the OCI config profile.');
    }
    const bucket = new RunBucket({
      factory: runtime.factory,
      region,
      namespace: parsed.options.namespace,
      bucket: parsed.options.bucket,
      prefix: parsed.options.prefix,
    });
    const fetched = await fetchRun({ bucket, run: parsed.options.run, outdir: parsed.settings.outdir, logger: runtime.logger });
    runtime.logger.info('fetched run', { runId: fetched.runId, files: fetched.files.map((file) => file.name).join(',') });
    io.stdout.write(`${fetched.runDir}\n`);
    return 0;
  },
});
