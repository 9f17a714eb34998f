import { jsonLd } from "./jsonLd.js";
import { markdown } from "./markdown.js";
import { markdownInline } from "./markdownInline.js";
import { plural } from "./plural.js";
import { stylesheet } from "./stylesheet.js";
import { t } from "./t.js";

/** Every helper a template may call; templates are compiled with knownHelpersOnly. */
export const helpers = { t, plural, markdown, markdownInline, stylesheet, jsonLd } as const;
