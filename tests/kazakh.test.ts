import { describe, expect, it } from "vitest";
import { kazakhNumeralSuffix, kazakhSuffix, spokenLastWord } from "../src/locale/kazakh.js";

describe("Kazakh numerals read aloud", () => {
  it("the last spoken word of a whole number", () => {
    const cases: [number, string][] = [
      [0, "нөл"],
      [1, "бір"],
      [8, "сегіз"],
      [10, "он"],
      [11, "бір"],
      [25, "бес"],
      [40, "қырық"],
      [90, "тоқсан"],
      [100, "жүз"],
      [300, "жүз"],
      [1000, "мың"],
      [1100, "жүз"],
      [2020, "жиырма"],
      [10_000, "мың"],
      [1_000_000, "миллион"],
      [3_000_000_000, "миллиард"],
      [1e12, "триллион"],
    ];
    for (const [n, word] of cases) expect(spokenLastWord(n), String(n)).toBe(word);
  });
});

describe("Kazakh case suffixes", () => {
  // Each number word with its ablative, dative, locative and genitive, as a Kazakh grammar gives them.
  const words: [string, string, string, string, string][] = [
    ["нөл", "ден", "ге", "де", "дің"],
    ["бір", "ден", "ге", "де", "дің"],
    ["екі", "ден", "ге", "де", "нің"],
    ["үш", "тен", "ке", "те", "тің"],
    ["төрт", "тен", "ке", "те", "тің"],
    ["бес", "тен", "ке", "те", "тің"],
    ["алты", "дан", "ға", "да", "ның"],
    ["жеті", "ден", "ге", "де", "нің"],
    ["сегіз", "ден", "ге", "де", "дің"],
    ["тоғыз", "дан", "ға", "да", "дың"],
    ["он", "нан", "ға", "да", "ның"],
    ["жиырма", "дан", "ға", "да", "ның"],
    ["отыз", "дан", "ға", "да", "дың"],
    ["қырық", "тан", "қа", "та", "тың"],
    ["елу", "ден", "ге", "де", "дің"],
    ["алпыс", "тан", "қа", "та", "тың"],
    ["жетпіс", "тен", "ке", "те", "тің"],
    ["сексен", "нен", "ге", "де", "нің"],
    ["тоқсан", "нан", "ға", "да", "ның"],
    ["жүз", "ден", "ге", "де", "дің"],
    ["мың", "нан", "ға", "да", "ның"],
    ["миллион", "нан", "ға", "да", "ның"],
    ["миллиард", "тан", "қа", "та", "тың"],
    // Nouns: the same rules beyond numerals.
    ["адам", "нан", "ға", "да", "ның"],
    ["тәулік", "тен", "ке", "те", "тің"],
    ["тау", "дан", "ға", "да", "дың"],
    ["клуб", "тан", "қа", "та", "тың"],
    ["пайыз", "дан", "ға", "да", "дың"],
  ];

  it("by vowel harmony and the word's last sound", () => {
    for (const [word, ablative, dative, locative, genitive] of words) {
      expect(kazakhSuffix(word, "ablative"), word).toBe(ablative);
      expect(kazakhSuffix(word, "dative"), word).toBe(dative);
      expect(kazakhSuffix(word, "locative"), word).toBe(locative);
      expect(kazakhSuffix(word, "genitive"), word).toBe(genitive);
    }
  });

  it("after digits, from the number as read aloud, decimals by their fraction", () => {
    // 10,8 "он бүтін оннан сегіз", 1,5 "бір бүтін оннан бес": the fraction's digits (spokenTail 8, 5).
    expect(kazakhNumeralSuffix(8, "ablative")).toBe("ден");
    expect(kazakhNumeralSuffix(5, "ablative")).toBe("тен");
    expect(kazakhNumeralSuffix(1000, "ablative")).toBe("нан");
    expect(kazakhNumeralSuffix(1000, "dative")).toBe("ға");
    expect(kazakhNumeralSuffix(2020, "locative")).toBe("да");
    expect(kazakhNumeralSuffix(1991, "genitive")).toBe("дің");
    expect(kazakhNumeralSuffix(40, "genitive")).toBe("тың");
    expect(kazakhNumeralSuffix(60, "dative")).toBe("қа");
    expect(kazakhNumeralSuffix(100, "locative")).toBe("де");
  });
});
