import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzerOptionsOf, isExcluded, normaliseSettings } from '../../server/src/lsp/settings';

test('settings of the wrong type fall back to their defaults instead of breaking the analysis', () => {
  const settings = normaliseSettings({ enable: 'yes', release: 13, peerAddresses: ['10.0.0.1', 7, ' '], rules: { 'cipher-weak': 'loud', 'hat-syntax': 'off' }, debounceMs: -5 });
  assert.equal(settings.enable, true);
  assert.equal(settings.release, '');
  assert.deepEqual(settings.peerAddresses, ['10.0.0.1']);
  assert.deepEqual(settings.rules, { 'hat-syntax': 'off' });
  assert.equal(settings.debounceMs, 0);
  assert.deepEqual(normaliseSettings(null), normaliseSettings({}));
});

test('a rule left at "default" keeps its own severity; the others reach the analyzer', () => {
  const options = analyzerOptionsOf(normaliseSettings({ rules: { 'cipher-weak': 'default', 'hat-syntax': 'hint' }, release: '13.5.1' }));
  assert.deepEqual(options.severities, { 'hat-syntax': 'hint' });
  assert.equal(options.release, '13.5.1');
  assert.equal(options.opensslProfile, undefined);
});

test('exclude patterns match like files.exclude: **, * within a folder, {a,b}, and bare names anywhere', () => {
  const settings = normaliseSettings({ exclude: ['**/backups/**', 'old-*.xml', 'archive/{2024,2025}/*.xml'] });
  assert.ok(isExcluded('/home/me/configs/backups/esa1.xml', settings));
  assert.ok(isExcluded('/home/me/configs/old-esa1.xml', settings));
  assert.ok(isExcluded('/srv/archive/2024/esa1.xml', settings));
  assert.ok(!isExcluded('/srv/archive/2023/esa1.xml', settings));
  assert.ok(!isExcluded('/home/me/configs/esa1.xml', settings));
  assert.ok(!isExcluded('/home/me/configs/bold-esa1.xml', settings));
  assert.ok(isExcluded('C:\\configs\\backups\\esa1.xml', settings), 'Windows paths');
});
