#!/usr/bin/env node
// The bundled CLI (scripts/bundle.js, made by `npm run compile`): one file and a few chunks to
// load instead of every module of lib/.
import { run } from "../lib/bundle/tilpress.js";

await run(process.argv.slice(2));
