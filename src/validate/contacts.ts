import { pointerOf } from "../core/diagnostic.js";
import type { Locale } from "../locale/index.js";
import type { ArticleRule, RuleContext } from "./rules.js";

/** Where a contact's field is: in article.yaml (`contacts:`) or in data/outlets.yaml. */
type At = (path: PropertyKey[]) => {
  file: string;
  pointer: string;
  line?: number;
  column?: number;
  article: string;
};

function contactsAndPlace(ctx: RuleContext): { list: readonly unknown[]; at: At } | undefined {
  const { article } = ctx;
  if (article.facts.contacts) {
    return {
      list: article.facts.contacts,
      at: (path) => ({
        file: article.factsFile,
        pointer: pointerOf(["contacts", ...path]),
        ...article.factsYaml.locate(["contacts", ...path]),
        article: article.id,
      }),
    };
  }
  const outletId = article.facts.outlet;
  const outlet = ctx.outlets[outletId];
  const base: PropertyKey[] = outlet?.contacts ? [outletId, "contacts"] : [outletId, "contact"];
  const list = outlet?.contacts ?? (outlet?.contact ? [outlet.contact] : []);
  return {
    list,
    at: (path) => {
      const full = outlet?.contacts ? [...base, ...path] : [...base, ...path.slice(1)];
      return {
        file: ctx.outletsYaml?.source.file ?? "data/outlets.yaml",
        pointer: pointerOf(full),
        ...ctx.outletsYaml?.locate(full),
        article: article.id,
      };
    },
  };
}

interface ContactFields {
  readonly person?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly url?: string;
  readonly [locale: string]: unknown;
}

/**
 * The media contacts an article shows (its own, else its outlet's; their `url` is checked by
 * the schema's URL policy): a person is in the glossary (`data/unknown-id`); every contact has
 * a name in each locale built (`contact/missing-name`) and a way to reach it
 * (`contact/no-channel`). The outlet's single `contact:` of earlier versions is named by the
 * outlet's label and needs no name.
 */
export const contactsChecked: ArticleRule = (ctx) => {
  const found = contactsAndPlace(ctx);
  if (!found) return;
  const legacy = !ctx.article.facts.contacts && !ctx.outlets[ctx.article.facts.outlet]?.contacts;
  const locales = Object.keys(ctx.article.texts) as Locale[];
  found.list.forEach((raw, i) => {
    const c = raw as ContactFields;
    if (c.email === undefined && c.phone === undefined && c.url === undefined) {
      ctx.diagnostics.error({
        ...found.at([i]),
        code: "contact/no-channel",
        message: "A media contact has no `email`, `phone` or `url`",
        hint: "Give at least one way to reach the contact.",
      });
    }
    if (legacy) return;
    const entry = c.person !== undefined ? ctx.glossary.people[c.person] : undefined;
    if (c.person !== undefined && !entry) {
      ctx.diagnostics.error({
        ...found.at([i, "person"]),
        code: "data/unknown-id",
        message: `Unknown person id \`${c.person}\``,
        hint: "Add the person to data/glossary.yaml (people:) first.",
        actual: c.person,
      });
      return;
    }
    for (const locale of locales) {
      const own = c[locale] as { name?: string } | undefined;
      if (own?.name !== undefined || entry?.[locale]?.name !== undefined) continue;
      ctx.diagnostics.error({
        ...found.at([i]),
        code: "contact/missing-name",
        message:
          c.person !== undefined
            ? `Contact \`${c.person}\` has no ${locale} name in data/glossary.yaml`
            : `A media contact (an office) has no ${locale} name`,
        hint:
          c.person !== undefined
            ? `Add \`${locale}: { name: … }\` to people.${c.person} in data/glossary.yaml.`
            : `Add \`${locale}: { name: … }\` to the contact, or name a glossary person with \`person:\`.`,
        locale,
      });
    }
  });
};
