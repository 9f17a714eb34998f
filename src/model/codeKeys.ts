/**
 * Catalog keys the code asks for (not the templates): the model, the index page and the PDF
 * footer. A key under one of these prefixes is never "unused".
 */
export const CODE_KEY_PREFIXES: readonly string[] = [
  "document.", // the document kind per template
  "read.", // a link's text that opens a page of a kind (the newsletter's button)
  "site.", // the index page
  "feed.", // each locale's feed title and description (src/site/feeds.ts)
  "credits.", // one per credit role
  "media.", // one per media kind
  "units:", // figure units and qualifiers
  "pdf.", // the PDF footer
  "list.", // a conjunction where CLDR has none
  "briefing.contact", // the media contact's fallback label
  "embargo.", // the embargo line
  "photo.", // a photo's credit line
  "about.", // the about block's heading with the issuer's name
  "revision.updated", // "Updated 30 October 2024", a date in a phrase
  "revision.correction", // each correction note's heading
  "release.line", // a kind's line above the headline (src/model/kinds.ts)
  "advisory.planning", // the media advisory's line above the headline
  "event.", // an event's date and time (src/model/event.ts)
];
