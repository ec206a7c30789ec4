// pb.health: GET /api/health on both a fixture copy and an empty data directory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useServer } from '../lib/harness.mjs';

for (const kind of ['fixture', 'empty']) {
  describe(`health (${kind} data directory)`, () => {
    const server = useServer(kind);

    test('guests get the plain healthy answer', async () => {
      const pb = server.client();
      const health = await pb.health.check();
      assert.deepEqual(health, { message: 'API is healthy.', code: 200, data: {} });
    });

    test('superusers additionally get canBackup, realIP and possibleProxyHeader', async () => {
      const pb = await server.asSuperuser();
      const health = await pb.health.check();
      assert.equal(health.code, 200);
      assert.equal(health.message, 'API is healthy.');
      assert.equal(typeof health.data.canBackup, 'boolean');
      assert.equal(health.data.realIP, '127.0.0.1');
      assert.equal(health.data.possibleProxyHeader, '');
    });

    test('options reach the server: fields picks from the answer', async () => {
      const pb = server.client();
      const health = await pb.health.check({ fields: 'code' });
      assert.deepEqual(health, { code: 200 });
    });
  });
}
