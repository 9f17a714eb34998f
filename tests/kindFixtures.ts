import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reviewTranslations } from "../src/cli/review.js";
import { seedCopy } from "./helpers.js";

/**
 * Small articles of every kind but news (the bundled article is one), for tests that build
 * each kind: a press release, a statement, a feature and a media advisory with its event.
 */
export const LOCALES = ["en", "kk", "ru"] as const;
export type Lng = (typeof LOCALES)[number];

/** One small article of a kind: its facts (after the common ones) and each locale's file. */
export interface Fixture {
  readonly id: string;
  readonly kind: string;
  /** The page template its kind builds (src/model/kinds.ts), written out here. */
  readonly page: string;
  readonly facts?: string;
  readonly texts: Readonly<Record<Lng, string>>;
}

export const ADVISORY_FACTS = `people:
  - qasym-zhomart-toqaev
event:
  start: "2026-12-10T10:00:00+05:00"
  end: "2026-12-10T12:00:00+05:00"
  place: nur-sultan
  accreditation:
    deadline: "2026-12-09T18:00:00+05:00"
    email: press@example.org
    url: https://example.org/accreditation
`;

export const FIXTURES: readonly Fixture[] = [
  {
    id: "release-2026-12-01",
    kind: "press-release",
    page: "press-release",
    texts: {
      en: "headline: The Kazakh Service starts a weekly podcast\n---\nThe Kazakh Service starts a weekly podcast on regional news.\n\nIt is published every Friday.\n",
      kk: "headline: Қазақ редакциясы апта сайынғы подкаст бастайды\n---\nҚазақ редакциясы өңірлік жаңалықтар туралы апта сайынғы подкаст бастайды.\n\nОл әр жұма сайын жарияланады.\n",
      ru: "headline: Казахская служба запускает еженедельный подкаст\n---\nКазахская служба запускает еженедельный подкаст о региональных новостях.\n\nОн выходит каждую пятницу.\n",
    },
  },
  {
    id: "statement-2026-12-02",
    kind: "statement",
    page: "press-release",
    facts: "speaker: bolat-dembaev\n",
    texts: {
      en: "headline: Statement on unsanctioned rallies\n---\nThe Prosecutor-General's Office calls on citizens not to take part in unsanctioned rallies.\n",
      kk: "headline: Рұқсат етілмеген митингілер туралы мәлімдеме\n---\nБас прокуратура азаматтарды рұқсат етілмеген митингілерге қатыспауға шақырады.\n",
      ru: "headline: Заявление о несанкционированных митингах\n---\nГенеральная прокуратура призывает граждан не участвовать в несанкционированных митингах.\n",
    },
  },
  {
    id: "feature-2026-12-03",
    kind: "feature",
    page: "briefing",
    texts: {
      en: "headline: A day with the night editors\n---\nThe night desk closes the morning edition.\n",
      kk: "headline: Түнгі редакторлармен бір күн\n---\nТүнгі бөлім таңғы шығарылымды жабады.\n",
      ru: "headline: День с ночными редакторами\n---\nНочная смена закрывает утренний выпуск.\n",
    },
  },
  {
    id: "advisory-2026-12-04",
    kind: "media-advisory",
    page: "media-advisory",
    facts: ADVISORY_FACTS,
    texts: {
      en: `headline: The annual report will be presented to the press
standfirst: Presentation of the annual report, followed by questions from journalists.
event:
  venue: Hall A, Congress Centre, 11 Mangilik Yel Avenue
  accreditation: Journalists register with their name and outlet.
  programme: Opening remarks, then the **report** and questions.
---
The press office invites journalists to the presentation of the annual report.

The report is presented in Kazakh and Russian.
`,
      kk: `headline: Жылдық есеп баспасөзге таныстырылады
standfirst: Жылдық есептің таныстырылымы, одан кейін журналистердің сұрақтары.
event:
  venue: Конгресс-орталық, А залы, Мәңгілік Ел даңғылы, 11
  accreditation: Журналистер аты-жөні мен басылымын көрсетіп тіркеледі.
  programme: Кіріспе сөз, содан кейін **есеп** және сұрақтар.
---
Баспасөз қызметі журналистерді жылдық есептің таныстырылымына шақырады.

Есеп қазақ және орыс тілдерінде таныстырылады.
`,
      ru: `headline: Годовой отчёт представят прессе
standfirst: Презентация годового отчёта и ответы на вопросы журналистов.
event:
  venue: Конгресс-центр, зал А, проспект Мангилик Ел, 11
  accreditation: Журналисты регистрируются, указав имя и название СМИ.
  programme: Вступительное слово, затем **отчёт** и вопросы.
---
Пресс-служба приглашает журналистов на презентацию годового отчёта.

Отчёт представят на казахском и русском языках.
`,
    },
  },
];

/** Writes one fixture article into a project. */
export function addArticle(root: string, f: Fixture): void {
  const dir = join(root, "data/articles", f.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "article.yaml"),
    `id: ${f.id}\nkind: ${f.kind}\npublished: "2026-12-0${f.id.slice(-1)}T09:00:00+05:00"\ndateline: almaty\noutlet: rferl-kazakh\n${f.facts ?? ""}`,
  );
  for (const l of LOCALES) writeFileSync(join(dir, `${l}.md`), `---\n${f.texts[l]}`);
}

/** The bundled project (a news item) with one article of every other kind, translations reviewed. */
export function everyKind(): string {
  const root = seedCopy();
  for (const f of FIXTURES) addArticle(root, f);
  reviewTranslations(root, undefined, [...LOCALES]);
  return root;
}
