// Types of scripts/cldr-locale-data.js, for tests/locales.test.ts.
export function unicodeSetCharacters(set: string): string[];
export function cldrLocaleData(): { cldr: string; locales: Record<string, unknown> };
export const DATA_FILE: URL;
export function serialize(data: unknown): string;
