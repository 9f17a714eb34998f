#!/usr/bin/env node
// The first calls of functions that compile Unicode regular expressions when first used (V8
// compiles a pattern on its first match, and a class like \p{L} is a large one): currencyOf and currenciesNamed in each locale, first call and 100 more, in this
// fresh process. Run it a few times: the first locale also pays for what the others share.
// Usage: npm run compile && node bench/first-calls.js
import { currenciesNamed, currencyOf } from "../lib/validate/currencies.js";

const texts = {
  en: "The bank lent $291.49 million to Kazakhstan, 10.8 trillion tenge.",
  kk: "Банк 291,49 млн АҚШ долларын берді, 10,8 трлн теңгеден.",
  ru: "Банк выделил 291,49 млн долл. США, 10,8 трлн тенге.",
};
const ms = (start) => (Number(process.hrtime.bigint() - start) / 1e6).toFixed(2);
console.log(
  "| locale | currenciesNamed, first call | currencyOf, first call | 100 more currenciesNamed |\n|---|---|---|---|",
);
for (const [locale, text] of Object.entries(texts)) {
  let start = process.hrtime.bigint();
  currenciesNamed(text, locale);
  const named = ms(start);
  start = process.hrtime.bigint();
  currencyOf(text, { index: text.search(/\d/), text: "291", value: 291, percent: false }, locale);
  const of = ms(start);
  start = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) currenciesNamed(text + i, locale);
  console.log(`| ${locale} | ${named} ms | ${of} ms | ${ms(start)} ms |`);
}
