// Awaits a call that must fail with a GatewayError, and returns that error for assertions on its code and headers.
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/core/errors.ts';

export async function failure(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GatewayError, `expected a GatewayError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}
