import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HandlerGuard } from '../../server/src/lsp/guard';

function recorder() {
  const errors: string[] = [];
  const logger = { error: (m: string) => errors.push(m), warn: () => undefined, info: () => undefined, log: () => undefined };
  return { errors, guard: new HandlerGuard(logger) };
}

test('a handler that throws answers with its default and the error is logged once, however often it repeats', async () => {
  const { errors, guard } = recorder();
  const hover = guard.wrap('hover', null, (): string => {
    throw new Error('bug in hover');
  });
  for (let i = 0; i < 5; i++) assert.equal(await hover(), null);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /\[hover\] failed .*bug in hover/s);
});

test('a rejected async handler also answers with its default', async () => {
  const { errors, guard } = recorder();
  const symbols = guard.wrap('documentSymbol', [] as string[], async () => Promise.reject(new Error('broken model')));
  assert.deepEqual(await symbols(), []);
  assert.equal(errors.length, 1);
});

test('notification handlers that fail are logged and do not throw into the connection', async () => {
  const { errors, guard } = recorder();
  const onChange = guard.run('didChange', () => {
    throw new Error('sync failure');
  });
  assert.doesNotThrow(() => onChange());
  const onSave = guard.run('didSave', async () => {
    throw new Error('async failure');
  });
  onSave();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(errors.length, 2);
});
