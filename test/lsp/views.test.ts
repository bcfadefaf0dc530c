import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Location } from 'vscode-languageserver-protocol';
import { InProcessViews, WorkerViews, type ViewHost } from '../../server/src/lsp/views';
import { exampleUri, readExample, ROOT } from './support/client';
import { positionOf } from './support/text';

const uri = exampleUri('scenario-4-anonymous-cipher.xml');
const v1 = readExample('scenario-4-anonymous-cipher.xml');
// The same file two lines further down: every position moves.
const v2 = v1.replace('<config>', '<!-- one\n two -->\n<config>');
const definitionQuery = (text: string) => ({ feature: 'definition' as const, position: positionOf(text, '$RELAYED (Only', 3) });
const line = (locations: Location[] | null | undefined) => locations?.[0]?.range.start.line;

function hosts(): [string, () => ViewHost][] {
  return [
    ['in the views worker', () => new WorkerViews(path.join(ROOT, 'dist', 'parseWorker.js'), (message) => assert.fail(message))],
    ['in process', () => new InProcessViews()],
  ];
}

for (const [where, make] of hosts()) {
  test(`${where}, each version's request is answered with that version's positions, whatever the order`, async () => {
    const views = make();
    try {
      const answers = await Promise.all([
        views.ask(uri, 1, v1, definitionQuery(v1)),
        views.ask(uri, 2, v2, definitionQuery(v2)),
        views.ask(uri, 2, v2, { feature: 'hover', position: positionOf(v2, '$RELAYED (Only', 3), options: {} }),
      ]);
      assert.equal(line(answers[0]), positionOf(v1, '$RELAYED\n').line);
      assert.equal(line(answers[1]), positionOf(v2, '$RELAYED\n').line);
      assert.equal(answers[1]![0].range.start.line, answers[0]![0].range.start.line + 2);
      assert.match(String((answers[2]?.contents as { value: string }).value), /Mail-flow policy `\$RELAYED`/);
      // An older version asked after a newer one is built again, not answered from the newer view.
      assert.equal(line(await views.ask(uri, 1, v1, definitionQuery(v1))), positionOf(v1, '$RELAYED\n').line);
    } finally {
      views.dispose();
    }
  });
}

test('in the views worker, a queued request that a newer version superseded, or that the client cancelled, gets no answer', async () => {
  const views = new WorkerViews(path.join(ROOT, 'dist', 'parseWorker.js'), (message) => assert.fail(message));
  try {
    const first = views.ask(uri, 1, v1, definitionQuery(v1));
    const superseded = views.ask(uri, 2, v2, definitionQuery(v2));
    const cancelled = views.ask(uri, 3, v1, { feature: 'hover', position: positionOf(v1, '$RELAYED (Only', 3), options: {} }, () => true);
    const latest = views.ask(uri, 3, v1, definitionQuery(v1));
    assert.equal(line(await first), positionOf(v1, '$RELAYED\n').line);
    assert.equal(await superseded, undefined);
    assert.equal(await cancelled, undefined);
    assert.equal(line(await latest), positionOf(v1, '$RELAYED\n').line);
  } finally {
    views.dispose();
  }
});

test('in the views worker, a forgotten document is sent again when it is asked about again', async () => {
  const views = new WorkerViews(path.join(ROOT, 'dist', 'parseWorker.js'), (message) => assert.fail(message));
  try {
    assert.ok(await views.ask(uri, 1, v1, definitionQuery(v1)));
    views.forget(uri);
    assert.equal(line(await views.ask(uri, 1, v1, definitionQuery(v1))), positionOf(v1, '$RELAYED\n').line);
    assert.equal(await views.ask('file:///other.xml', 1, '<project/>', definitionQuery(v1)), null, 'other XML gets nothing');
  } finally {
    views.dispose();
  }
});
