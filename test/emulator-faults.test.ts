import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FaultInjector } from '../emulator/faults/fault-injector.ts';
import { validateFaultPlan, type FaultPlan } from '../emulator/faults/fault-plan.ts';

const request = { service: 'query', region: 'us-ashburn-1', operation: 'SearchResources' };

test('a fault plan with a wrong key or value is rejected with a message naming it', () => {
  const cases: [FaultPlan, RegExp][] = [
    [{ rules: [{ latncyMs: 5 } as never] }, /fault rule #0: unknown key "latncyMs"/],
    [{ rules: [{ match: { servce: 'query' } as never }] }, /fault rule #0\.match: unknown key "servce"/],
    [{ rules: [{}, { errorRate: 2 }] }, /fault rule #1\.errorRate: expected a probability from 0 to 1, got 2/],
    [{ rules: [{ errorRate: 1, errorStatus: 418 as never }] }, /errorStatus: expected 500, 502, 503 or 504, got 418/],
    [{ rules: [{ rateLimit: { ratePerSecond: 5, burst: 0 } }] }, /rateLimit\.burst: expected a number >= 1, got 0/],
    [{ rules: [{ rateLimit: { ratePerSecond: 5, retryAfterSeconds: -1 } }] }, /retryAfterSeconds: expected seconds >= 0, got -1/],
    [{ rules: [{ rateLimit: { ratePerSecond: 5, brust: 2 } as never }] }, /rateLimit: unknown key "brust"/],
  ];
  for (const [plan, message] of cases) assert.throws(() => validateFaultPlan(plan), message);
});

test('a region that is down drops requests even when an earlier rule would throttle or fail them', async () => {
  const faults = new FaultInjector({
    rules: [{ match: { region: 'us-ashburn-1' }, errorRate: 1, errorStatus: 503 }, { match: { region: 'us-ashburn-1' }, down: true }],
  });
  assert.equal(await faults.judge(request), { kind: 'drop' });
  assert.equal(await faults.judge({ ...request, region: 'us-phoenix-1' }), { kind: 'proceed' });
});

test('the token bucket throttles beyond its burst and refills at its rate', async () => {
  let now = 0;
  const faults = new FaultInjector({ rules: [{ rateLimit: { ratePerSecond: 2, burst: 2, retryAfterSeconds: 1 } }] });
  const verdicts = [];
  for (let i = 0; i < 3; i += 1) verdicts.push(await faults.judge(request, () => now));
  assert.equal(verdicts.map((v) => v.kind), ['proceed', 'proceed', 'throttle']);
  assert.equal(verdicts[2], { kind: 'throttle', retryAfterSeconds: 1 });
  now = 500; // half a second refills one token at 2 per second
  assert.equal((await faults.judge(request, () => now)).kind, 'proceed');
  assert.equal((await faults.judge(request, () => now)).kind, 'throttle');
});

test.run();
