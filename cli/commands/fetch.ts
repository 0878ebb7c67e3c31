import { AUTH_SETTINGS, LOG_SETTINGS, defineCommand, valueOption, type ValueParser } from '../../shared/settings/index.ts';
import { BUCKET_NAME_PATTERN, bucketPrefixProblem, fetchRun, isRunId, NAMESPACE_PATTERN, RunBucket } from '../../shared/bucket/index.ts';
import { UsageError } from '../../shared/errors.ts';
import { defineCliCommand } from '../cli-command.ts';
import { createRuntime } from './runtime.ts';

/** A parser accepting the strings `accepts` says yes to. */
function stringWhere(expected: string, accepts: (value: string) => boolean): ValueParser<string> {
  return (raw) => (typeof raw === 'string' && accepts(raw) ? { ok: true, value: raw } : { ok: false, expected });
}

const bucketName = stringWhere('a bucket name: 1 to 256 letters, digits, "-", "_" or "."', (value) => BUCKET_NAME_PATTERN.test(value));
const namespaceName = stringWhere('an Object Storage namespace: 1 to 64 letters or digits', (value) => NAMESPACE_PATTERN.test(value));
const bucketPrefix: ValueParser<string> = (raw) => {
  if (typeof raw !== 'string') return { ok: false, expected: 'a folder prefix such as "inventory/"' };
  const problem = bucketPrefixProblem(raw);
  return problem === undefined ? { ok: true, value: raw } : { ok: false, expected: problem };
};
const runSelector = stringWhere('"latest" or a run id such as 20240131T020000Z', (value) => value === 'latest' || isRunId(value));

/**
 * `fetch`: downloads a run the serverless functions wrote to the run bucket into `<outdir>/<runId>/`.
 *
 * Exit codes: 0 fetched; 2 (usage) when the bucket, namespace or run does not exist or there is no
 * complete run yet (the user must change what they asked for, or wait for a run to complete);
 * 3 rejected or unauthorized credentials; 1 anything else, including a download that fails verification.
 */
export const fetchCommand = defineCliCommand({
  spec: defineCommand({
    name: 'fetch',
    summary: "Download a run's artifacts from the run bucket (latest or by id); prints the local run folder",
    settings: [...AUTH_SETTINGS, 'outdir', ...LOG_SETTINGS],
    options: {
      bucket: valueOption({ description: 'Bucket the serverless runs write to', valueName: 'NAME', parse: bucketName, required: true }),
      namespace: valueOption({ description: "Object Storage namespace (default: the tenancy's)", valueName: 'NS', parse: namespaceName }),
      prefix: valueOption({ description: 'Folder of the runs inside the bucket, ending with "/" (default: the bucket root)', valueName: 'PREFIX', parse: bucketPrefix }),
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
