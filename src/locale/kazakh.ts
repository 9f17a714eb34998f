/**
 * The Kazakh ablative suffix after a number written in digits ("100-ден", "10-нан"), chosen by
 * the last word of the number as it is read aloud: vowel harmony and consonant assimilation.
 */
export function kazakhAblative(value: number): string {
  const n = Math.floor(Math.abs(value));
  // нөл бір екі үш төрт бес алты жеті сегіз тоғыз
  const units = ["ден", "ден", "ден", "тен", "тен", "тен", "дан", "ден", "ден", "дан"];
  // он жиырма отыз қырық елу алпыс жетпіс сексен тоқсан
  const tens = ["", "нан", "дан", "дан", "тан", "ден", "тан", "тен", "нен", "нан"];
  if (n === 0) return units[0]!;
  if (n % 10 !== 0) return units[n % 10]!;
  if (n % 100 !== 0) return tens[(n % 100) / 10]!;
  if (n % 1000 !== 0) return "ден"; // жүз
  if (n % 1_000_000 !== 0) return "нан"; // мың
  if (n % 1_000_000_000 !== 0) return "нан"; // миллион
  return "тан"; // миллиард
}
