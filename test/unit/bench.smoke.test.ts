import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ensureInputs, generateConfig, OUTBOUND_CIPHERS, SIZES } from '../../bench/generate';
import { createAnalyzer } from '../../server/src/core/analyzer';

// The benchmarks are only as meaningful as their input: it must be a config the analyser
// recognises and models in full, or the numbers measure an early exit. No timing here.
test('the benchmark generator writes a recognised AsyncOS cluster config with a cpq_listener', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncos-pvo-bench-'));
  try {
    const file = ensureInputs(dir, ['100KB'])['100KB'];
    const bytes = readFileSync(file);
    assert.equal(bytes.length, SIZES['100KB']);
    const result = createAnalyzer().analyzeBytes(bytes, file);
    assert.ok(result.recognised, result.notes.join('; '));
    assert.equal(result.kind, 'esa');
    assert.deepEqual(result.document?.problems ?? [], []);
    const model = result.model!;
    assert.ok(model.clustered);
    assert.deepEqual([...new Set(model.levels.map((l) => l.kind))], ['cluster', 'group', 'machine']);
    const listeners = model.levels.flatMap((l) => l.listeners);
    const cpq = listeners.find((l) => l.isCpq);
    assert.ok(cpq, 'a cpq_listener');
    assert.equal(cpq.protocol?.value, 'CPQ');
    assert.ok(listeners.some((l) => (l.hat?.value.split('\n').length ?? 0) > 100), 'a large HAT');
    assert.ok(model.levels.some((l) => l.tls.cipherLists.some((c) => c.direction === 'outbound' && c.value.value === OUTBOUND_CIPHERS)));
    assert.ok(model.levels.flatMap((l) => l.messageFilters).length > 50, 'message filters');
    assert.ok(model.levels.flatMap((l) => l.contentFilters).length > 20, 'content filters');
    assert.ok(model.levels.flatMap((l) => l.interfaces).length > 10, 'interfaces');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the benchmark generator is deterministic for a seed and size', () => {
  assert.equal(generateConfig(20_000, 7), generateConfig(20_000, 7));
  assert.notEqual(generateConfig(20_000, 7), generateConfig(20_000, 8));
});
