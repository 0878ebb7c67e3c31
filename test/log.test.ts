import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError } from '../shared/errors.ts';
import {
  createLiveProgress,
  createLogger,
  createPlainProgress,
  createProgressReporter,
  redactSecrets,
  shouldShowLiveProgress,
  type LogFormat,
  type LogLevel,
} from '../shared/log/index.ts';

const FIXED_TIME = new Date('2024-05-06T07:08:09.010Z');

function captureLogger(format: LogFormat, level: LogLevel = 'info') {
  const chunks: string[] = [];
  const stream = { write: (chunk: string) => chunks.push(chunk) };
  const logger = createLogger({ format, level, stream, clock: () => FIXED_TIME });
  return { logger, output: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter((l) => l !== '') };
}

// --- levels and formats -----------------------------------------------------------------------

test('level filtering: an info logger drops debug and keeps info, warn and error', () => {
  const { logger, lines } = captureLogger('json', 'info');
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  assert.equal(lines().map((l) => JSON.parse(l).level), ['info', 'warn', 'error']);
  assert.is(logger.isLevelEnabled('debug'), false);
  assert.is(logger.isLevelEnabled('warn'), true);
});

test('level filtering: an error logger writes only errors; a debug logger writes everything', () => {
  const strict = captureLogger('json', 'error');
  strict.logger.warn('w');
  strict.logger.error('e');
  assert.equal(strict.lines().map((l) => JSON.parse(l).msg), ['e']);

  const verbose = captureLogger('json', 'debug');
  verbose.logger.debug('d');
  verbose.logger.info('i');
  assert.equal(verbose.lines().map((l) => JSON.parse(l).msg), ['d', 'i']);
});

test('json format: one parseable line per event with time, level, msg, then the fields', () => {
  const { logger, output } = captureLogger('json');
  logger.info('listed compartments', { region: 'us-ashburn-1', count: 3, nested: { a: [1, 'x'] } });
  logger.warn('second');
  const text = output();
  assert.ok(text.endsWith('\n'));
  const [first, second, ...rest] = text.split('\n');
  assert.equal(rest, ['']);
  assert.is(first, '{"time":"2024-05-06T07:08:09.010Z","level":"info","msg":"listed compartments","region":"us-ashburn-1","count":3,"nested":{"a":[1,"x"]}}');
  assert.equal(JSON.parse(second ?? ''), { time: '2024-05-06T07:08:09.010Z', level: 'warn', msg: 'second' });
});

test('json format: a field named like a core key cannot overwrite it', () => {
  const { logger, lines } = captureLogger('json');
  logger.info('real message', { msg: 'fake', level: 'error' });
  const event = JSON.parse(lines()[0] ?? '');
  assert.is(event.msg, 'real message');
  assert.is(event.level, 'info');
  assert.is(event['field.msg'], 'fake');
});

test('text format: time LEVEL msg key=value, values quoted only when needed, nested keys dotted', () => {
  const { logger, lines } = captureLogger('text');
  logger.info('region done', { region: 'us-ashburn-1', resources: 120, note: 'two words', empty: '', ok: true, where: { page: 2 } });
  assert.equal(lines(), [
    '2024-05-06T07:08:09.010Z INFO  region done region=us-ashburn-1 resources=120 note="two words" empty="" ok=true where.page=2',
  ]);
});

test('text format: newlines in messages and values cannot forge a second log line', () => {
  const { logger, output } = captureLogger('text');
  logger.error('line one\nFAKE INFO injected', { detail: 'a\nb' });
  assert.is(output().split('\n').length, 2);
  assert.ok(output().includes('line one\\nFAKE INFO injected'));
  assert.ok(output().includes('detail="a\\nb"'));
});

test('child loggers add their fields to every event; event fields win on a clash', () => {
  const { logger, lines } = captureLogger('json');
  const regionLogger = logger.child({ region: 'eu-frankfurt-1', phase: 'search' });
  const pageLogger = regionLogger.child({ page: 2 });
  pageLogger.info('page fetched', { phase: 'enrich' });
  regionLogger.info('no page');
  logger.info('root');
  const [a, b, c] = lines().map((l) => JSON.parse(l));
  assert.equal(a, { time: FIXED_TIME.toISOString(), level: 'info', msg: 'page fetched', region: 'eu-frankfurt-1', phase: 'enrich', page: 2 });
  assert.equal(b, { time: FIXED_TIME.toISOString(), level: 'info', msg: 'no page', region: 'eu-frankfurt-1', phase: 'search' });
  assert.equal(c, { time: FIXED_TIME.toISOString(), level: 'info', msg: 'root' });
});

// --- errors -----------------------------------------------------------------------------------

function ociLikeError(): Error {
  return Object.assign(new Error('Authorization failed or requested resource not found'), {
    name: 'OciError',
    statusCode: 404,
    serviceCode: 'NotAuthorizedOrNotFound',
    opcRequestId: 'ABC123/DEF',
    headers: { authorization: 'irrelevant' },
  });
}

test('err fields render as {name, message, code, statusCode, opcRequestId} without a stack at info', () => {
  const { logger, lines } = captureLogger('json', 'info');
  logger.error('search failed', { err: ociLikeError() });
  const event = JSON.parse(lines()[0] ?? '');
  assert.equal(event.err, {
    name: 'OciError',
    message: 'Authorization failed or requested resource not found',
    code: 'NotAuthorizedOrNotFound',
    statusCode: 404,
    opcRequestId: 'ABC123/DEF',
  });
});

test('err fields carry the stack (and the InventoryError context and cause) when the logger is at debug', () => {
  const { logger, lines } = captureLogger('json', 'debug');
  const error = new AuthError('OCI rejected the credentials', { cause: new Error('401 from identity'), context: { profile: 'DEFAULT' } });
  logger.error('auth failed', { err: error });
  const rendered = JSON.parse(lines()[0] ?? '').err;
  assert.is(rendered.name, 'AuthError');
  assert.equal(rendered.context, { profile: 'DEFAULT' });
  assert.is(rendered.cause.message, '401 from identity');
  assert.type(rendered.stack, 'string');
  assert.ok(rendered.stack.includes('OCI rejected the credentials'));
});

test('text format flattens an err field to err.name=... err.message=...', () => {
  const { logger, lines } = captureLogger('text');
  logger.warn('gone', { err: ociLikeError() });
  const line = lines()[0] ?? '';
  assert.ok(line.includes('err.name=OciError'), line);
  assert.ok(line.includes('err.message="Authorization failed or requested resource not found"'), line);
  assert.ok(line.includes('err.statusCode=404'), line);
  assert.not.ok(line.includes('stack'), line);
});

// --- redaction --------------------------------------------------------------------------------

const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDpemSECRETbody0123456789abcdefghijkl';
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\nZZpemSECRETline2ZZ\n-----END PRIVATE KEY-----`;
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3dFNFQ1JFVCJ9.eyJyZXNfdGVuYW50Ijoib2NpZDEudGVuYW5jeSJ9.c2lnbmF0dXJlSldUU0VDUkVUcGFydA';
const JWT_SECRET_PARTS = ['eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3dFNFQ1JFVCJ9', 'c2lnbmF0dXJlSldUU0VDUkVUcGFydA'];
const RPST = 'rpstTOKENsecretXYZ.part2.part3';
const SIGNATURE_VALUE = 'bASE64signatureSECRETvalue==';
const AUTHORIZATION = `Signature version="1",keyId="ST$${RPST}",algorithm="rsa-sha256",headers="x-date (request-target) host",signature="${SIGNATURE_VALUE}"`;
const PASSPHRASE = 'hunter2-passphrase-SECRET';
const SECRETS = ['pemSECRET', PEM_BODY, ...JWT_SECRET_PARTS, RPST, SIGNATURE_VALUE, PASSPHRASE, 'bearerSECRETtoken'];

/** Every way a secret reaches the logger: messages, field names, nested fields, values, errors. */
function logEverySecretKind(logger: ReturnType<typeof createLogger>): void {
  logger.info(`loaded key ${PEM}`);
  logger.info('pem in a field', { keyFile: '/home/u/.oci/key.pem', material: PEM });
  logger.info('truncated pem', { detail: PEM.slice(0, 60) });
  logger.info(`keyId ST$${RPST} rejected`);
  logger.info('jwt in a value', { claims: JWT, list: ['ok', JWT] });
  logger.info('request', { headers: { Authorization: AUTHORIZATION, 'opc-request-id': 'X1' } });
  logger.info(`signing header was authorization: ${AUTHORIZATION}`);
  logger.info('bearer', { note: 'Authorization: Bearer bearerSECRETtoken' });
  logger.info('config', { pass_phrase: PASSPHRASE, profile: { passphrase: PASSPHRASE, nested: { privateKey: PEM, PassWord: PASSPHRASE } } });
  logger.info('config line', { line: `pass_phrase=${PASSPHRASE}` });
  logger.info('tokens', { securityToken: RPST, rpst: RPST, sessionToken: JWT, private_key: 'x'.repeat(3) + PASSPHRASE });
  logger.error('failed', { err: new Error(`could not parse ${PEM} with passphrase: ${PASSPHRASE} using ST$${RPST}`) });
  logger.error('wrapped', { err: new AuthError('auth failed', { cause: new Error(`bad token ${JWT}`) }) });
  logger.debug(`debug ${JWT}`, { err: new Error(`stack carries ${PEM}`) });
}

for (const format of ['json', 'text'] as const) {
  test(`redaction (${format}): no secret of any kind reaches the output`, () => {
    const { logger, output } = captureLogger(format, 'debug');
    logEverySecretKind(logger);
    const text = output();
    for (const secret of SECRETS) {
      assert.not.ok(text.includes(secret), `${format} output leaks ${secret}:\n${text}`);
    }
    // What is kept: the hint of what was removed, and the harmless neighbours.
    assert.ok(text.includes('[REDACTED PEM]'));
    assert.ok(text.includes('[REDACTED JWT]'));
    assert.ok(text.includes('ST$[REDACTED]'));
    assert.ok(text.includes('/home/u/.oci/key.pem'), 'keyFile paths stay visible');
    assert.ok(text.includes('X1'), 'opc-request-id stays visible');
  });
}

test('redaction (json): the secret-named fields are present but replaced', () => {
  const { logger, lines } = captureLogger('json');
  logger.info('config', { pass_phrase: PASSPHRASE, nested: { privateKey: PEM, keyId: 'ocid1.tenancy/x/aa:bb' }, hasToken: true, token: null });
  const event = JSON.parse(lines()[0] ?? '');
  assert.equal(event.pass_phrase, '[REDACTED]');
  assert.equal(event.nested, { privateKey: '[REDACTED]', keyId: 'ocid1.tenancy/x/aa:bb' });
  assert.is(event.hasToken, true, 'booleans only reveal presence');
  assert.is(event.token, null);
});

test('redactSecrets: strings, objects, Errors, binary and cycles, without mutating the input', () => {
  assert.is(redactSecrets(`key: ${PEM} end`), 'key: [REDACTED PEM] end');
  assert.is(redactSecrets(`Authorization: ${AUTHORIZATION}`).includes(SIGNATURE_VALUE), false);

  const input: Record<string, unknown> = { password: 'p', list: [{ apiKey: 'k' }], bytes: Buffer.from('secretbytes') };
  input['self'] = input;
  const output = redactSecrets(input) as Record<string, unknown>;
  assert.equal(output, { password: '[REDACTED]', list: [{ apiKey: '[REDACTED]' }], bytes: '[binary 11 bytes]', self: '[Circular]' });
  assert.is(input['password'], 'p', 'input untouched');

  const error = redactSecrets(new Error(`boom ${JWT}`)) as { name: string; message: string };
  assert.equal(error, { name: 'Error', message: 'boom [REDACTED JWT]' });
});

// --- progress ---------------------------------------------------------------------------------

test('shouldShowLiveProgress is true only for a TTY', () => {
  assert.is(shouldShowLiveProgress({ isTTY: true }), true);
  assert.is(shouldShowLiveProgress({ isTTY: false }), false);
  assert.is(shouldShowLiveProgress({}), false);
});

test('plain progress: one log line per region status change, page ticks alone write nothing', () => {
  const { logger, lines } = captureLogger('json');
  const progress = createPlainProgress(logger);
  progress.update('us-ashburn-1', { status: 'running', pages: 0, resources: 0 });
  progress.update('us-ashburn-1', { status: 'running', pages: 1, resources: 100 });
  progress.update('us-ashburn-1', { status: 'running', pages: 2, resources: 200 });
  progress.update('eu-frankfurt-1', { status: 'running', pages: 0, resources: 0 });
  progress.update('us-ashburn-1', { status: 'done', pages: 3, resources: 250 });
  progress.update('eu-frankfurt-1', { status: 'failed', pages: 1, resources: 10 });
  progress.done();
  progress.update('eu-frankfurt-1', { status: 'done', pages: 1, resources: 10 });
  const events = lines().map((l) => JSON.parse(l));
  assert.equal(
    events.map((e) => [e.level, e.msg, e.region, e.resources]),
    [
      ['info', 'region running', 'us-ashburn-1', 0],
      ['info', 'region running', 'eu-frankfurt-1', 0],
      ['info', 'region done', 'us-ashburn-1', 250],
      ['warn', 'region failed', 'eu-frankfurt-1', 10],
    ],
  );
});

test('live progress: draws a sorted block, then redraws it in place with a cursor-up', () => {
  const chunks: string[] = [];
  let now = 0;
  const progress = createLiveProgress({ write: (c: string) => chunks.push(c) }, () => new Date(now));
  progress.update('us-phoenix-1', { status: 'running', pages: 0, resources: 0 });
  progress.update('eu-frankfurt-1', { status: 'running', pages: 0, resources: 0 });
  assert.is(chunks.length, 2);
  assert.is(chunks[1], '\u001b[1A\r\u001b[2Keu-frankfurt-1  running  pages 0  resources 0\n\u001b[2Kus-phoenix-1    running  pages 0  resources 0\n');

  progress.update('eu-frankfurt-1', { status: 'running', pages: 1, resources: 50 }); // within 100 ms: throttled
  assert.is(chunks.length, 2);
  now = 150;
  progress.update('eu-frankfurt-1', { status: 'running', pages: 2, resources: 90 });
  assert.is(chunks.length, 3);
  assert.ok(chunks[2]?.startsWith('\u001b[2A\r'));
  assert.ok(chunks[2]?.includes('pages 2  resources 90'));

  progress.done();
  assert.is(chunks.length, 4, 'done() always draws the final state');
  progress.update('us-phoenix-1', { status: 'done', pages: 9, resources: 9 });
  assert.is(chunks.length, 4, 'updates after done() are ignored');
});

test('createProgressReporter picks live drawing for a TTY and log lines otherwise', () => {
  const tty: string[] = [];
  const { logger, lines } = captureLogger('text');
  createProgressReporter({ stream: { isTTY: true, write: (c: string) => tty.push(c) }, logger }).update('us-ashburn-1', {
    status: 'running',
    pages: 0,
    resources: 0,
  });
  assert.is(tty.length, 1);
  assert.is(lines().length, 0);

  createProgressReporter({ stream: { isTTY: false, write: (c: string) => tty.push(c) }, logger }).update('us-ashburn-1', {
    status: 'running',
    pages: 0,
    resources: 0,
  });
  assert.is(tty.length, 1);
  assert.is(lines().length, 1);
});

test.run();
