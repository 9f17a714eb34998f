import { pointerOf } from "../core/diagnostic.js";
import { ARTICLE_KINDS, eventRule, speakerRule } from "../model/kinds.js";
import type { RuleContext } from "./rules.js";

const MEDIA_ADVISORY_KINDS = Object.entries(ARTICLE_KINDS)
  .filter(([, entry]) => entry.event === "required")
  .map(([kind]) => `\`${kind}\``)
  .join(", ");

/**
 * An article gives an `event:` exactly when its kind announces one (src/model/kinds.ts): a
 * media advisory without one has nothing to announce, and an event on any other kind would
 * never be shown, so both are errors, at the field (or at `kind:`). Each locale file of an
 * article with an event names its venue; a locale file's `event:` needs the facts' event.
 */
export function eventMatchesKind(ctx: RuleContext): void {
  const { article, diagnostics } = ctx;
  const { facts } = article;
  const at = (path: PropertyKey[]) => ({
    file: article.factsFile,
    pointer: pointerOf(path),
    ...article.factsYaml.locate(path),
    article: article.id,
  });
  const rule = eventRule(facts.kind);
  if (rule === "required" && !facts.event) {
    diagnostics.error({
      ...at(["kind"]),
      code: "kind/missing-event",
      message: `A ${facts.kind} announces an event, and this one has no \`event:\``,
      hint: "Add `event: { start, end?, place?, accreditation? }` to article.yaml and `event: { venue }` to each locale file (docs/content-model.md, Events).",
    });
  }
  if (rule === "refused" && facts.event) {
    diagnostics.error({
      ...at(["event"]),
      code: "kind/unexpected-event",
      message: `A ${facts.kind} shows no event: this \`event:\` would not appear on any page`,
      hint: `Only ${MEDIA_ADVISORY_KINDS} announces an event. Change \`kind:\`, or remove \`event:\`.`,
    });
  }
  if (facts.speaker !== undefined && speakerRule(facts.kind) === "refused") {
    diagnostics.error({
      ...at(["speaker"]),
      code: "kind/unexpected-speaker",
      message: `A ${facts.kind} is not signed: this \`speaker:\` would not appear on any page`,
      hint: "Only a `statement` names who makes it. Quote the person under `quotes:`, or change `kind:`.",
    });
  }
  for (const text of Object.values(article.texts)) {
    const where = { file: text.file, locale: text.locale, article: article.id };
    // Only where the event is shown: on another kind, the event itself is the one error.
    if (facts.event && rule === "required" && !text.event) {
      diagnostics.error({
        ...where,
        line: 1,
        column: 1,
        code: "translation/missing-label",
        message: `No ${text.locale} venue for the event`,
        hint: "Add `event: { venue: … }` to the front matter (and `accreditation:`, `programme:` if the event has them).",
      });
    } else if (!facts.event && text.event) {
      diagnostics.error({
        ...where,
        pointer: "/event",
        ...text.yaml.locate(["event"]),
        code: "kind/unexpected-event",
        message: `The ${text.locale} file describes an event, and article.yaml has no \`event:\``,
        hint: "Give the event's facts (start, place …) under `event:` in article.yaml, or remove it here.",
      });
    }
  }
}
