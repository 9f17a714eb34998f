#!/usr/bin/env node
// The bundled CLI (scripts/bundle.js, made by `npm run compile`): one file and a few chunks to
// load instead of every module of lib/.
let cli;
try {
  cli = await import("../lib/bundle/tilpress.js");
} catch (error) {
  // A clone after `npm install` alone: lib/ is built by `npm start`, `npm test` or `npm run compile`.
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("lib/bundle/tilpress.js")) throw error;
  process.stderr.write("tilpress: lib/ is not built in this checkout: run `npm run compile` first\n");
  process.exit(2);
}
await cli.run(process.argv.slice(2));
