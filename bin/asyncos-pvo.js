#!/usr/bin/env node
'use strict';
// The bundled CLI; `npm run build` makes it in a source checkout.
require('../dist/cli.js').main();
