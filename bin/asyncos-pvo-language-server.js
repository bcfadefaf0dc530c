#!/usr/bin/env node
'use strict';
// The bundled language server, for editors other than VS Code:
//   asyncos-pvo-language-server --stdio
// `npm run build` makes it in a source checkout.
if (!process.argv.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket=') || arg.startsWith('--pipe='))) {
  process.argv.push('--stdio');
}
require('../dist/server.js');
