import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backendOrder, NATIVE_PACKAGE, selectBackend } from '../../lib/embed/backend';
import { msg } from '../../lib/errors/messages';

/** Whether the native package is installed at all (its absence is the usual case offline). */
function nativeInstalled(): boolean {
  try {
    require.resolve(NATIVE_PACKAGE);
    return true;
  } catch {
    return false;
  }
}

describe('selectBackend', () => {
  it('tries native, then wasm, then cpu', () => {
    assert.deepEqual(backendOrder('auto'), ['tensorflow', 'wasm', 'cpu']);
    assert.deepEqual(backendOrder('tensorflow'), ['tensorflow', 'wasm', 'cpu']);
    assert.deepEqual(backendOrder('wasm'), ['wasm', 'cpu']);
    assert.deepEqual(backendOrder('cpu'), ['cpu']);
  });

  it('activates wasm when asked, and tfjs really runs on it', async () => {
    const { tf, backend, notes } = await selectBackend('wasm');
    assert.equal(backend, 'wasm');
    assert.deepEqual(notes, []);
    assert.equal(tf.getBackend(), 'wasm');
    const y = tf.tidy(() => tf.square(tf.tensor1d([1, 2, 3])).arraySync());
    assert.deepEqual(y, [1, 4, 9]);
  });

  it('activates cpu when asked', async () => {
    const { tf, backend, notes } = await selectBackend('cpu');
    assert.equal(backend, 'cpu');
    assert.deepEqual(notes, []);
    assert.equal(tf.getBackend(), 'cpu');
  });

  it('picks native for auto when it loads, else wasm with a note that says why', async (t) => {
    const choice = await selectBackend('auto');
    assert.equal(choice.tf.getBackend(), choice.backend);
    if (choice.backend === 'tensorflow') {
      assert.deepEqual(choice.notes, []);
      return;
    }
    assert.equal(choice.backend, 'wasm');
    assert.equal(choice.notes.length, 1);
    if (!nativeInstalled()) {
      assert.equal(choice.notes[0], msg.backendFallback('tensorflow', 'wasm', msg.embedNativeMissing()));
    } else {
      t.diagnostic(`native is installed but did not load: ${choice.notes[0]}`);
      assert.match(choice.notes[0], /backend "tensorflow" is not available/);
    }
  });

  it('is idempotent: a second call gives the same backend and notes', async () => {
    const first = await selectBackend('auto');
    const second = await selectBackend('auto');
    assert.equal(second.backend, first.backend);
    assert.deepEqual(second.notes, first.notes);
    assert.equal(second.tf, first.tf);
    assert.equal(second.tf.getBackend(), first.backend);
  });

  it('can switch back and forth between backends in one process', async () => {
    assert.equal((await selectBackend('cpu')).tf.getBackend(), 'cpu');
    assert.equal((await selectBackend('wasm')).tf.getBackend(), 'wasm');
  });
});
