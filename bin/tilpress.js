#!/usr/bin/env node
import { run } from "../lib/cli/cli.js";

await run(process.argv.slice(2));
