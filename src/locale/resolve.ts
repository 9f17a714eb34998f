import { builtInProfile, DEFAULT_SOURCE_LOCALE, derivedProfile, type BuiltInProfile } from "./index.js";
import type { Locale, LocaleProfile, LocaleTypesetting, QuotePair } from "./profile.js";

/**
 * A project's settings for one locale (`localeSettings.<id>` in tilpress.config.json): each
 * field, when given, replaces the built-in or CLDR-derived value.
 */
export type LocaleSettings = {
  readonly [K in keyof LocaleTypesetting]?: LocaleTypesetting[K] | undefined;
} & {
  readonly name?: string | undefined;
  readonly quotes?: { readonly primary: QuotePair; readonly nested: QuotePair } | undefined;
};

/**
 * The locale profiles of one build: made once when the config is resolved (`ResolvedConfig.profiles`)
 * and passed along, never module state, so two builds in one process with different settings
 * for the same locale do not see each other's.
 */
export class LocaleProfiles {
  readonly #profiles: ReadonlyMap<Locale, LocaleProfile>;

  constructor(
    /** The locale the content and the catalog are written in first; every other one is checked against it. */
    readonly source: Locale,
    profiles: readonly LocaleProfile[],
  ) {
    this.#profiles = new Map(profiles.map((p) => [p.id, Object.freeze(p)]));
    Object.freeze(this);
  }

  /** Every locale with a profile, in the project's order, then the source if the project does not build it. */
  get ids(): readonly Locale[] {
    return [...this.#profiles.keys()];
  }

  has(id: Locale): boolean {
    return this.#profiles.has(id);
  }

  /** A locale's profile; ids are checked when the config is resolved, so an unknown one is a bug. */
  get(id: Locale): LocaleProfile {
    const profile = this.#profiles.get(id);
    if (!profile) throw new Error(`No locale profile for "${id}" (the build's locales: ${this.ids.join(", ")})`);
    return profile;
  }
}

export interface LocaleChoice {
  /** Checked locale ids (canonical BCP 47). */
  readonly locales: readonly Locale[];
  /** Default `en`; must be one of `locales`. */
  readonly source?: Locale;
  readonly settings?: Readonly<Record<Locale, LocaleSettings>>;
}

/**
 * Each locale's profile: tilpress's own for en, kk and ru, one derived from CLDR and Intl for
 * any other (`derivedProfile`), with the project's settings on top; the source locale marked.
 */
/** The fields a setting gives (zod leaves an unset optional field out, a caller may write `undefined`). */
function given<T extends object>(settings: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

export function resolveLocales(choice: LocaleChoice): LocaleProfiles {
  // The same choice, the same profiles: what is compiled per profile (typography rules, the
  // Markdown parser: src/typography/rules.ts, src/render/helpers/context.ts, keyed by the
  // profile object) is then compiled once per process, not once per build. The main thread
  // builds its share of a long run one article at a time, each build resolving its config:
  // 3 ms of Markdown parsers per build for the four bundled locales, measured.
  const key = JSON.stringify([choice.locales, choice.source ?? DEFAULT_SOURCE_LOCALE, choice.settings ?? {}]);
  let resolved = RESOLVED.get(key);
  if (!resolved) {
    if (RESOLVED.size >= RESOLVED_KEPT) RESOLVED.clear();
    RESOLVED.set(key, (resolved = profilesOf(choice)));
  }
  return resolved;
}

/** Locale choices kept: a process sees one or two (the preview: one per edit of the config's locales). */
const RESOLVED_KEPT = 16;
const RESOLVED = new Map<string, LocaleProfiles>();

function profilesOf({ locales, source = DEFAULT_SOURCE_LOCALE, settings = {} }: LocaleChoice): LocaleProfiles {
  // The source locale is always read: it is what the others are checked against, built or not.
  const profiles = [...new Set([...locales, source])].map((id): LocaleProfile => {
    const base: BuiltInProfile = builtInProfile(id) ?? derivedProfile(id);
    const own = settings[id] ?? {};
    const { name, quotes, ...typography } = own;
    return {
      ...base,
      ...(name !== undefined ? { name } : {}),
      ...(quotes !== undefined ? { quotes } : {}),
      role: id === source ? "source" : "translation",
      typography: { ...base.typography, ...given(typography) },
    };
  });
  return new LocaleProfiles(source, profiles);
}
