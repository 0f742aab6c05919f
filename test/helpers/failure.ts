// Await calls that must fail and hand back what they threw, for assertions on codes, headers and causes.
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

/** Awaits a call that must fail, whatever it throws, and returns what it threw. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return assert.fail('the call succeeded');
}
