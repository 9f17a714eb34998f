/**
 * The bundled story's headline, standfirst and first paragraph (data/articles/<SEED>/kk.md) in
 * Kazakh Latin, written out and checked by hand against the 2021 alphabet and the rules in
 * docs/kazakh-latin.md. tests/kazakhLatin.test.ts compares the transliterator with it, and
 * tests/kazakhLatinBuild.test.ts the built kk-Latn page.
 */
export const STORY_IN_KAZAKH_LATIN = {
  headline: "Qazaqstanda polisia oppozisia mitingılerıne jol bermeuge tyrysyp, 100-den astam adamdy ūstady",
  standfirst:
    "Almatyda, Nūr-Sūltanda, Şymkentte jäne Aqtöbede köptep şyğarylğan polisia tırkelmegen " +
    "Demokratialyq partia men tyiym salynğan «Qazaqstannyñ demokratialyq tañdauy» qozğalysy " +
    "şaqyrğan rūqsat etılmegen mitingılerge jol bermeu üşın oppozisia jaqtastary men ötken-ketken " +
    "jürgınşılerdı ūstady.",
  firstParagraph:
    "Almatyda jäne Qazaqstannyñ basqa qalalarynda oppozisia mitingılerıne qatyspaq bolğan 100-den astam " +
    "adamdy polisia ūstady. Rūqsat etılmegen şaralarğa jol bermeu üşın bilık aibat körsetıp, köşege " +
    "köptep polisia şyğardy.",
} as const;
