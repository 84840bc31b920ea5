// An instrument as an XLSForm workbook (survey, choices, settings) that KoboToolbox and ODK accept: levels and
// dimensions as groups, each item a group of its current/target/importance triple (and a comment), one
// label::<language> column per language; level and dimension descriptions are notes. What XLSForm cannot hold (descriptions of the scale, respondents, weights,
// actions, severity thresholds, the relevance condition in our own language) goes to the cna_details sheet, so the
// workbook imports back into an equivalent instrument. Pure: instrument and interface catalogues in, workbook bytes out.
import type ExcelJS from "exceljs";
import { newWorkbook } from "../workbook";
import { isLocale, type Locale } from "../i18n/locales";
import type { Translator } from "../i18n/translate";
import { parseExpression, type Expression } from "../questionnaires/expression";
import { preferNotToSay } from "../questionnaires/background";
import { backgroundKey, backgroundOptionKey, instrumentText } from "../questionnaires/i18n";
import type { Instrument } from "../questionnaires/schema";
import {
  BACKGROUND_GROUP,
  backgroundChoiceNames,
  backgroundConstraintOf,
  backgroundLabelKeys,
  backgroundListOf,
  backgroundRelevanceToXpath,
  backgroundTypeOf,
} from "./xlsform-background";
import {
  anchorListOf,
  CHOICES,
  descriptionName,
  DETAILS,
  fieldName,
  fixedLabelKeys,
  IMPORTANCE_LIST,
  languageLabel,
  SCALE_LIST,
  SETTINGS,
  SURVEY,
  xformName,
} from "./xlsform-common";

/** Our relevance language as an XPath condition for ODK: a number of an unanswered, don't-know or n/a item compares false. */
export function relevanceToXpath(source: string): string {
  const ref = (item: string, field: "current" | "target" | "importance") => `\${${fieldName(item, field)}}`;
  const numeric = (e: Expression): { text: string; guards: string[] } => {
    if (e.type === "number") return { text: String(e.value), guards: [] };
    if (e.type === "call" && (e.fn === "current" || e.fn === "target" || e.fn === "importance")) {
      const text = `number(${ref(e.item, e.fn)})`;
      return { text, guards: [`${text} = ${text}`] };
    }
    return { text: `(${walk(e)})`, guards: [] };
  };
  const walk = (e: Expression): string => {
    switch (e.type) {
      case "and":
      case "or":
        return e.operands.map((o) => `(${walk(o)})`).join(` ${e.type} `);
      case "not":
        return `not(${walk(e.operand)})`;
      case "compare": {
        const left = numeric(e.left);
        const right = numeric(e.right);
        return [...left.guards, ...right.guards, `${left.text} ${e.op} ${right.text}`].join(" and ");
      }
      case "call": {
        const current = ref(e.item, "current");
        if (e.fn === "na") return `${current} = 'na'`;
        if (e.fn === "dontknow") return `${current} = 'dk'`;
        return `${current} != '' and ${current} != 'dk' and ${current} != 'na'`;
      }
      case "number":
        return String(e.value);
    }
  };
  return walk(parseExpression(source));
}

/**
 * The interface language whose words a language column gets: the language itself, else its primary subtag ("pt-BR"
 * → "pt"), else the same for its fallback along the instrument's chain; English when none has a catalogue.
 */
export function interfaceLocaleFor(instrument: Instrument, language: string): Locale {
  const visited = new Set<string>();
  let code: string | undefined = language;
  while (code !== undefined && !visited.has(code)) {
    visited.add(code);
    const primary = code.split("-")[0].toLowerCase();
    if (isLocale(code)) return code;
    if (isLocale(primary)) return primary;
    const current: string = code;
    code = instrument.languages.find((l) => l.code === current)?.fallback;
  }
  return "en";
}

export async function buildXlsForm(instrument: Instrument, translator: Translator): Promise<Buffer> {
  const languages = [instrument.sourceLanguage, ...instrument.languages.map((l) => l.code)];
  // Only real translations: a language column left empty is untranslated (the app falls back), not a copy of English.
  const texts = (key: string) =>
    languages.map((lang, i) => (i === 0 ? instrumentText(instrument, key, lang) : (instrument.translations[lang]?.[key]?.text ?? null)));
  // Interface words are never left empty: a column without its own catalogue takes its fallback's words.
  const locales = languages.map((lang) => interfaceLocaleFor(instrument, lang));
  const fixed = (name: keyof typeof fixedLabelKeys): string[] => locales.map((locale) => translator.t(locale, fixedLabelKeys[name]));
  const workbook = await newWorkbook();

  const survey = workbook.addWorksheet(SURVEY);
  survey.addRow([
    "type",
    "name",
    ...languages.map((l) => `label::${languageLabel(l)}`),
    ...languages.map((l) => `hint::${languageLabel(l)}`),
    "required",
    "relevant",
    "appearance",
    "constraint",
  ]);
  const row = (
    type: string,
    name: string,
    labels: (string | null)[],
    hints: (string | null)[] = languages.map(() => null),
    required = "",
    relevant = "",
    appearance = "",
    constraint = "",
  ) => survey.addRow([type, name || null, ...labels, ...hints, required || null, relevant || null, appearance || null, constraint || null]);
  const interfaceWords = (key: string): string[] => locales.map((locale) => translator.t(locale, key));
  const background = instrument.background ?? [];
  const backgroundById = new Map(background.map((q) => [q.id, q]));
  if (background.length) {
    // One page before the ratings, as in the app.
    row("begin_group", BACKGROUND_GROUP, interfaceWords(backgroundLabelKeys.group), undefined, "", "", "field-list");
    for (const q of background)
      row(
        backgroundTypeOf(q),
        xformName(q.id),
        texts(backgroundKey(q.id, "question")),
        q.hint ? texts(backgroundKey(q.id, "hint")) : undefined,
        q.required ? "yes" : "",
        q.relevance ? backgroundRelevanceToXpath(q.relevance, backgroundById) : "",
        "",
        backgroundConstraintOf(q),
      );
    row(
      "end_group",
      "",
      languages.map(() => null),
    );
  }
  for (const level of instrument.levels) {
    row("begin_group", xformName(level.id), texts(`level.${level.id}.title`));
    row("note", descriptionName(level.id), texts(`level.${level.id}.description`));
    for (const dimension of level.dimensions) {
      row("begin_group", xformName(dimension.id), texts(`dimension.${dimension.id}.title`));
      row("note", descriptionName(dimension.id), texts(`dimension.${dimension.id}.description`));
      for (const item of dimension.items) {
        const answeredLevel = `\${${fieldName(item.id, "current")}} != 'dk' and \${${fieldName(item.id, "current")}} != 'na'`;
        row(
          "begin_group",
          xformName(item.id),
          texts(`item.${item.id}.question`),
          undefined,
          "",
          item.relevance ? relevanceToXpath(item.relevance) : "",
          "field-list",
        );
        // Guidance explains the question: shown as the hint of the current level, where respondents decide.
        row(
          `select_one ${anchorListOf(item.id)}`,
          fieldName(item.id, "current"),
          fixed("current"),
          item.guidance ? texts(`item.${item.id}.guidance`) : undefined,
          "yes",
        );
        row(`select_one ${SCALE_LIST}`, fieldName(item.id, "target"), fixed("target"), undefined, "yes", answeredLevel);
        row(`select_one ${IMPORTANCE_LIST}`, fieldName(item.id, "importance"), fixed("importance"), undefined, "yes", answeredLevel);
        row("text", fieldName(item.id, "comment"), fixed("comment"));
        row(
          "end_group",
          "",
          languages.map(() => null),
        );
      }
      row(
        "end_group",
        "",
        languages.map(() => null),
      );
    }
    row(
      "end_group",
      "",
      languages.map(() => null),
    );
  }
  survey.getRow(1).font = { bold: true };

  const choices = workbook.addWorksheet(CHOICES);
  choices.addRow(["list_name", "name", ...languages.map((l) => `label::${languageLabel(l)}`)]);
  for (const step of instrument.scale) choices.addRow([SCALE_LIST, String(step.value), ...texts(`scale.${step.value}.label`)]);
  for (const step of instrument.importance) choices.addRow([IMPORTANCE_LIST, String(step.value), ...texts(`importance.${step.value}.label`)]);
  const listsWritten = new Set<string>();
  for (const q of background) {
    const list = backgroundListOf(q);
    if (!list || listsWritten.has(list)) continue;
    listsWritten.add(list);
    for (const name of backgroundChoiceNames(q)) {
      const isInterfaceWord = q.type === "yesno" || name === preferNotToSay;
      const labels = isInterfaceWord ? interfaceWords(backgroundLabelKeys[name as keyof typeof backgroundLabelKeys]) : texts(backgroundOptionKey(q.id, name));
      choices.addRow([list, name, ...labels]);
    }
  }
  for (const level of instrument.levels)
    for (const dimension of level.dimensions)
      for (const item of dimension.items) {
        for (const step of instrument.scale) choices.addRow([anchorListOf(item.id), String(step.value), ...texts(`item.${item.id}.anchor.${step.value}`)]);
        choices.addRow([anchorListOf(item.id), "dk", ...fixed("dk")]);
        choices.addRow([anchorListOf(item.id), "na", ...fixed("na")]);
      }
  choices.getRow(1).font = { bold: true };

  const settings = workbook.addWorksheet(SETTINGS);
  settings.addRow(["form_title", "form_id", "version", "default_language", "style"]);
  settings.addRow([instrument.title, instrument.id, instrument.version.slice(0, 12), languageLabel(instrument.sourceLanguage), "pages"]);
  settings.getRow(1).font = { bold: true };

  const details = workbook.addWorksheet(DETAILS);
  details.addRow(["key", "value", ...languages.map((l) => `label::${languageLabel(l)}`)]);
  const text = (key: string) => details.addRow([key, null, ...texts(key)]);
  const value = (key: string, v: string | number) => details.addRow([key, v]);
  text("instrument.title");
  text("instrument.description");
  for (const l of instrument.languages) if (l.fallback) value(`language.${l.code}.fallback`, l.fallback);
  for (const [name, threshold] of Object.entries(instrument.severity)) value(`severity.${name}`, threshold);
  for (const [horizon, cap] of Object.entries(instrument.roadmap ?? {})) if (cap !== undefined) value(`roadmap.${horizon}`, cap);
  for (const step of instrument.scale) text(`scale.${step.value}.description`);
  for (const q of background) {
    if (q.levels) value(`background.${q.id}.levels`, q.levels.join(" "));
    if (q.relevance) value(`background.${q.id}.relevance`, q.relevance);
    // XLSForm offers "prefer not to say" only as a choice: a number or a text keeps it here.
    if (q.preferNotToSay && !backgroundListOf(q)) value(`background.${q.id}.preferNotToSay`, "yes");
  }
  for (const level of instrument.levels) {
    text(`level.${level.id}.respondents`);
    if (level.weight !== 1) value(`level.${level.id}.weight`, level.weight);
    for (const dimension of level.dimensions) {
      if (dimension.weight !== 1) value(`dimension.${dimension.id}.weight`, dimension.weight);
      if (dimension.measurement) value(`dimension.${dimension.id}.measurement`, dimension.measurement);
      for (const item of dimension.items) {
        if (item.weight !== 1) value(`item.${item.id}.weight`, item.weight);
        if (item.relevance) value(`item.${item.id}.relevance`, item.relevance);
      }
      for (const action of dimension.actions) {
        value(`action.${action.id}.dimension`, dimension.id);
        value(`action.${action.id}.horizon`, action.horizon);
        value(`action.${action.id}.minSeverity`, action.minSeverity);
        if (action.currentFrom !== undefined) value(`action.${action.id}.currentFrom`, action.currentFrom);
        if (action.currentBelow !== undefined) value(`action.${action.id}.currentBelow`, action.currentBelow);
        text(`action.${action.id}.text`);
      }
    }
  }
  details.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Instruments are immutable once loaded, and building the workbook takes about a second for the default instrument,
// so each instrument object's workbook is built once.
const workbooks = new WeakMap<Instrument, Promise<Buffer>>();

export function xlsFormOf(instrument: Instrument, translator: Translator): Promise<Buffer> {
  let workbook = workbooks.get(instrument);
  if (workbook === undefined) {
    workbook = buildXlsForm(instrument, translator);
    workbooks.set(instrument, workbook);
    workbook.catch(() => workbooks.delete(instrument));
  }
  return workbook;
}
