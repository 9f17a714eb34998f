// Writes schema/tilpress.config.schema.json from the config's zod schema (src/projectConfig.ts),
// after `npm run compile`. tests/project-config.test.ts fails when the committed file is stale.
import { writeFileSync } from "node:fs";
import { projectConfigJsonSchema } from "../lib/projectConfig.js";

const path = new URL("../schema/tilpress.config.schema.json", import.meta.url);
writeFileSync(path, JSON.stringify(projectConfigJsonSchema(), null, 2) + "\n");
console.log(`wrote ${path.pathname}`);
