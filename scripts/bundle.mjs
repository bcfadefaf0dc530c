// Bundles the shipped entry points with esbuild. tsc (run before this) only
// type-checks and emits out/ for the tests; the bundles are what VS Code, the
// language server's other editors and the CLI load: one file each, fast to start.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'client/src/extension.ts', out: 'dist/extension.js' },
  { in: 'server/src/lsp/main.ts', out: 'dist/server.js' },
  { in: 'server/src/lsp/parseWorker.ts', out: 'dist/parseWorker.js' },
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js' },
  { in: 'client/src/appliance/simulator/main.ts', out: 'dist/simulator.js' },
];

const production = process.argv.includes('--production');
await Promise.all(entries.filter((e) => existsSync(e.in)).map((e) => build({
  entryPoints: [e.in],
  outfile: e.out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // vscode is provided by the host. The .vsix carries no node_modules, so the extension bundles
  // ssh2 and leaves out only its optional native add-ons (ssh2 falls back to pure JS without them);
  // the other entry points run beside node_modules and load ssh2 from there.
  external: e.out === 'dist/extension.js' ? ['vscode', 'cpu-features', '*.node'] : ['vscode', 'ssh2', 'cpu-features'],
  logLevel: 'warning',
})));
