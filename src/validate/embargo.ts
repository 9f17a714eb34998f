import { pointerOf } from "../core/diagnostic.js";
import type { RuleContext } from "./rules.js";

/**
 * An embargo that is not after `published` cannot be right: the release would be public at
 * once (the typical typo is the year). A date-only `published` is a calendar day with no time
 * zone, so only an embargo on an earlier day is refused; one later that day may be right.
 */
export function embargoDates(ctx: RuleContext): void {
  const { article } = ctx;
  const { embargo, published } = article.facts;
  if (embargo === undefined) return;
  const wrong =
    published.length === 10 ? embargo.slice(0, 10) < published : Date.parse(embargo) <= Date.parse(published);
  if (!wrong) return;
  const path = ["embargo"];
  ctx.diagnostics.error({
    code: "embargo/not-after-published",
    message: `The embargo (${embargo}) is not after \`published\` (${published}): the release would be public at once`,
    hint: "An embargo holds a release back until a moment after it is issued. Check the year, month and day of both.",
    file: article.factsFile,
    pointer: pointerOf(path),
    ...article.factsYaml.locate(path),
    article: article.id,
    expected: `after ${published}`,
    actual: embargo,
  });
}
