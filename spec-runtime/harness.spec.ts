import { strict as assert } from 'node:assert';
import { connectBroker } from '../dev/runtime/broker';
import { Step } from '../dev/runtime/harness';
import { runtime } from './support/hooks';

const PROBE = { function: 'probe', componentPath: 'spec-runtime/fixtures/probe' };

interface ProbeBody { i: number; count: number; config: Record<string, unknown>; padding: string }

function probeBody(step: { body: unknown }): ProbeBody {
  return step.body as ProbeBody;
}

describe('the runtime harness drives the real sailor (probe component)', () => {
  let step: Step;

  before(async () => {
    step = await runtime().step({ ...PROBE, fields: { folder: 'inbox' }, account: { tenantId: 'contoso', oauth: { access_token: 'first' } } });
  });
  after(async () => { await step.close(); });

  it('delivers a decrypted data message, a snapshot and an ack for one polling tick', async () => {
    const run = await step.execute();
    assert.equal(run.outcome, 'ack');
    assert.equal(run.data.length, 1);
    assert.deepEqual(run.snapshots, [{ count: 1 }]);
    const config = probeBody(run.data[0]).config;
    assert.equal(config.folder, 'inbox');
    assert.equal(config.tenantId, 'contoso');
    assert.equal(config._account, step.accountId);
  });

  it('feeds the snapshot back in the same process, and from the platform after a restart', async () => {
    assert.equal(probeBody((await step.execute()).data[0]).count, 2);
    assert.deepEqual(step.storedSnapshot, { count: 2 });
    await step.restart();
    assert.equal(probeBody((await step.execute()).data[0]).count, 3);
  });

  it('routes a thrown error to the error queue with its input, rejects the input and publishes no data', async () => {
    const run = await step.execute({ fail: 'Mailbox not reachable' });
    assert.equal(run.outcome, 'reject');
    assert.equal(run.data.length, 0);
    assert.equal(run.errors.length, 1);
    assert.equal(run.errors[0].message, 'Mailbox not reachable');
    assert.deepEqual((run.errorInputs[0] as { body: unknown }).body, { fail: 'Mailbox not reachable' });
  });

  it('turns updateKeys into PUT /v1/accounts/{id}, and a restarted sailor gets the new keys', async () => {
    const before = runtime().platform.accountUpdates.length;
    await step.execute({ keys: { oauth: { access_token: 'second' } } });
    assert.deepEqual(runtime().platform.accountUpdates.slice(before), [{ accountId: step.accountId, keys: { oauth: { access_token: 'second' } } }]);
    await step.restart();
    const config = probeBody((await step.execute()).data[0]).config;
    assert.deepEqual(config.oauth, { access_token: 'second' });
    assert.equal(config.tenantId, 'contoso');
  });

  it('re-publishes a rebounded input to the rebound queue with an expiration', async () => {
    const run = await step.execute({ rebound: 'try later' });
    assert.equal(run.outcome, 'ack');
    assert.equal(run.rebounds.length, 1);
    assert.equal(run.rebounds[0].headers.reboundIteration, 1);
    assert.equal(run.rebounds[0].headers.reboundReason, 'try later');
  });

  it('reads input published with protocolVersion 2 (raw ciphertext)', async () => {
    const run = await step.execute({ emit: 2 }, { protocolVersion: 2 });
    assert.equal(run.data.length, 2);
  });

  it('turns a message above the outgoing size limit into an error and keeps running', async () => {
    const run = await step.execute({ size: 11 * 1024 * 1024 });
    assert.equal(run.data.length, 0);
    assert.match(run.errors[0]?.message ?? '', /Outgoing message size \d+ exceeds limit of 10485760/);
    assert.equal((await step.execute()).data.length, 1);
  });
});

describe('the runtime harness runs the startup and shutdown hooks (probe component)', () => {
  let step: Step;

  before(async () => {
    step = await runtime().step({ ...PROBE, fields: { folder: 'inbox' }, startupRequired: true });
  });
  after(async () => { await step.close(); });

  it('stores what startup returns as the flow\'s startup data, and the shutdown run reads then deletes it', async () => {
    const platform = runtime().platform;
    assert.deepEqual(platform.startupData.get(step.flowId), { subscriptionId: 'probe-subscription', folder: 'inbox' });
    await step.stop();
    const shutdown = await step.runShutdownHook();
    assert.equal(shutdown.exitInfo?.code, 0, shutdown.tail(20));
    const calls = platform.requests.filter((r) => r.path === `/sailor-support/hooks/task/${step.flowId}/startup/data`).map((r) => `${r.method} ${r.status}`);
    assert.deepEqual(calls, ['POST 201', 'GET 200', 'DELETE 204']);
    assert.equal(platform.startupData.has(step.flowId), false);
  });
});

describe('the runtime harness without a broker', () => {
  it('says how to start RabbitMQ when none answers', async () => {
    await assert.rejects(connectBroker('amqp://guest:secret@127.0.0.1:1'), (err: Error) => {
      assert.match(err.message, /No RabbitMQ answered at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/);
      assert.match(err.message, /rabbitmq-server -detached/);
      assert.ok(!err.message.includes('secret'));
      return true;
    });
  });
});
