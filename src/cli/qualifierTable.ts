import { projectFiles, type ResolvedConfig } from "../config.js";
import { DiagnosticList } from "../core/diagnostic.js";
import { loadCatalog } from "../i18n/catalog.js";
import { formatQualifierTable, qualifierTable } from "../quantity/qualifierTable.js";

/**
 * `tilpress check --table qualifiers`: the project's catalogs read again (the check has already
 * reported their problems) and every unit written after every qualifier at the probe counts.
 */
export function printQualifierTable(config: ResolvedConfig): string {
  const catalog = loadCatalog(
    { localesDir: config.localesDir, files: projectFiles(config), profiles: config.profiles },
    new DiagnosticList(),
  );
  // A derived locale (kk-Latn) writes its source's forms, transliterated: the table reviews the source's.
  const locales = config.locales.filter((l) => config.profiles.get(l).derivedFrom === undefined);
  return formatQualifierTable(qualifierTable(catalog, { locales, purpose: "table" }));
}
