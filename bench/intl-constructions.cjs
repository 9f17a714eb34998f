// What a run spends constructing Intl objects (ICU's data is loaded by the first of each kind
// and locale): preloaded into the CLI, it wraps every Intl constructor and prints, when the
// process exits, how many were made and the time inside the constructors, by kind and locale.
// Usage: npm run compile && node -r ./bench/intl-constructions.cjs bin/tilpress.js check --no-cache --quiet
const totals = new Map();
let count = 0;
for (const name of [
  "NumberFormat",
  "DateTimeFormat",
  "PluralRules",
  "Segmenter",
  "DisplayNames",
  "ListFormat",
  "Locale",
  "Collator",
  "RelativeTimeFormat",
]) {
  const Original = Intl[name];
  const Wrapped = function (...args) {
    const start = process.hrtime.bigint();
    try {
      return new Original(...args);
    } finally {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const key = `${name} ${JSON.stringify(args[0])}`;
      const row = totals.get(key) ?? [0, 0];
      row[0] += ms;
      row[1]++;
      totals.set(key, row);
      count++;
    }
  };
  Wrapped.prototype = Original.prototype;
  Object.setPrototypeOf(Wrapped, Original);
  Intl[name] = Wrapped;
}
process.on("exit", () => {
  const rows = [...totals].sort((a, b) => b[1][0] - a[1][0]);
  const sum = rows.reduce((s, [, [ms]]) => s + ms, 0);
  process.stderr.write(
    `${count} Intl constructions, ${sum.toFixed(1)} ms inside them\n\n| constructor and locale | made | ms |\n|---|---|---|\n`,
  );
  for (const [key, [ms, n]] of rows) process.stderr.write(`| ${key} | ${n} | ${ms.toFixed(2)} |\n`);
});
