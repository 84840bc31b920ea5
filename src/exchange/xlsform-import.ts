// An XLSForm workbook → the files of a new instrument folder (instrument.yaml, levels/*.yaml, translations/*.yaml).
// Only the subset docs/exchange.md describes is accepted; every unsupported or invalid thing is reported with its
// sheet, row and column, and then no files are produced at all. Pure apart from reading the workbook bytes.
// Steps: read sheets (xlsform-sheets.ts) → survey tree (xlsform-survey.ts) → drafts of levels and background questions
// (xlsform-drafts.ts, xlsform-background-import.ts) → details (xlsform-details.ts) → emit. Problems of structure are
// reported first and alone; what the instrument needs beyond the form only once the structure is right.
import { stringify } from "yaml";
import { sourceHash } from "../questionnaires/i18n";
import type { UploadLimits } from "../uploads/limits";
import { indexInstrument } from "../questionnaires/lookup";
import type { Instrument } from "../questionnaires/schema";
import { readBackground } from "./xlsform-background-import";
import { folderOnBase } from "./xlsform-base";
import { CHOICES, DETAILS, SETTINGS, SURVEY } from "./xlsform-common";
import { joinDetails, readDetails, readSettings } from "./xlsform-details";
import { importanceValues, readChoices, readSharedLists, readSurvey, scaleValues } from "./xlsform-drafts";
import { checkColumns, readLanguages, readSheets, type FormLanguages, type Report, type Texts, type XlsFormProblem } from "./xlsform-sheets";

export type { XlsFormProblem } from "./xlsform-sheets";

export interface InstrumentFolder {
  id: string;
  /** Paths relative to the instrument folder → file content. */
  files: Map<string, string>;
  items: number;
  background: number;
}

export type XlsFormReadResult = { ok: true; folder: InstrumentFolder; warnings: XlsFormProblem[] } | { ok: false; problems: XlsFormProblem[] };

export interface XlsFormReadOptions {
  limits?: UploadLimits;
  /** The uploaded file's name: the form id and title when the form has no settings sheet (as in the XLSForm spec). */
  fileName?: string;
  /** Leave out what has no place in an instrument (repeats, media, calculations…) with a warning, instead of refusing. */
  skipUnmappable?: boolean;
  /** For a form without rating items: the instrument whose rating items it takes (its questions become background). */
  base?: Instrument;
}

const sheetOrder = [SURVEY, CHOICES, SETTINGS, DETAILS, ""];
/** In the order a person works through the workbook: sheet by sheet, row by row. */
const inReadingOrder = (a: XlsFormProblem, b: XlsFormProblem) => sheetOrder.indexOf(a.sheet) - sheetOrder.indexOf(b.sheet) || a.row - b.row;

export async function readXlsForm(content: Buffer, options: XlsFormReadOptions = {}): Promise<XlsFormReadResult> {
  const read = await readSheets(content, options.limits);
  if (!read.ok) return read;
  const { sheets } = read;
  const structure: XlsFormProblem[] = [];
  const detailProblems: XlsFormProblem[] = [];
  const warnings: XlsFormProblem[] = [];
  const sink = (list: XlsFormProblem[]) => (sheet: string, row: number, column: string, message: string) => list.push({ sheet, row, column, message });
  const report: Report = {
    problem: sink(structure),
    detail: sink(detailProblems),
    unmappable: options.skipUnmappable
      ? (sheet, row, column, message) => warnings.push({ sheet, row, column, message: `${message} (skipped)` })
      : sink(structure),
    warn: sink(warnings),
  };

  checkColumns(sheets, report.problem, report.unmappable);
  const languages = readLanguages(sheets, report.problem);
  const settings = readSettings(sheets, options.fileName, report.problem);
  const details = readDetails(sheets, languages, report.detail);
  const lists = readChoices(sheets, languages, report.problem);
  const { levels, background: backgroundDrafts } = readSurvey(sheets, languages, lists, report, options.base !== undefined);
  const shared = readSharedLists(levels, lists, report.problem);
  const onBase = levels.length === 0 ? options.base : undefined;
  const itemIds = onBase ? indexInstrument(onBase).items.map((i) => i.item.id) : shared.items.map((i) => i.id);
  const background = readBackground(backgroundDrafts, lists, details, new Set(itemIds), languages.source, report);
  if (onBase && !structure.length) {
    const files = folderOnBase(onBase, settings, background, languages, report.problem, report.warn);
    if (files && !structure.length && !detailProblems.length)
      return {
        ok: true,
        folder: { id: settings.formId, files, items: itemIds.length, background: background.questions.length },
        warnings: warnings.sort(inReadingOrder),
      };
  }
  // What the instrument needs beyond the form (descriptions, actions…) only once its structure is right: a person
  // fixes the structure first, and until then these would be noise.
  if (structure.length) return { ok: false, problems: structure.sort(inReadingOrder) };
  if (onBase) return { ok: false, problems: detailProblems.sort(inReadingOrder) };
  const joined = joinDetails(settings, levels, shared, details, languages, report.detail);
  if (detailProblems.length) return { ok: false, problems: detailProblems.sort(inReadingOrder) };

  // Every text of the instrument by its key, in each language that has it.
  const allTexts = new Map<string, Texts>();
  allTexts.set("instrument.title", joined.title);
  allTexts.set("instrument.description", joined.description!);
  scaleValues.forEach((v, i) => {
    allTexts.set(`scale.${v}.label`, shared.scaleList!.get(v)!.texts);
    allTexts.set(`scale.${v}.description`, joined.scaleDescriptions[i]!);
  });
  for (const v of importanceValues) allTexts.set(`importance.${v}.label`, shared.importanceList!.get(v)!.texts);
  for (const level of levels) {
    allTexts.set(`level.${level.id}.title`, level.title);
    allTexts.set(`level.${level.id}.description`, level.description!);
    allTexts.set(`level.${level.id}.respondents`, details.texts.get(`level.${level.id}.respondents`)!.texts);
    for (const dimension of level.dimensions) {
      allTexts.set(`dimension.${dimension.id}.title`, dimension.title);
      allTexts.set(`dimension.${dimension.id}.description`, dimension.description!);
      for (const item of dimension.items) {
        allTexts.set(`item.${item.id}.question`, item.question);
        if (item.guidance) allTexts.set(`item.${item.id}.guidance`, item.guidance);
        for (const v of scaleValues) allTexts.set(`item.${item.id}.anchor.${v}`, shared.anchors.get(item.id)!.get(v)!);
      }
      for (const action of joined.actionsByDimension.get(dimension.id) ?? []) allTexts.set(`action.${action.id}.text`, action.texts!);
    }
  }

  const instrumentFile = {
    id: settings.formId,
    title: settings.formTitle,
    description: joined.description!.get(languages.source),
    sourceLanguage: languages.source,
    languages: languages.languages.slice(1).map((code) => ({ code, ...(joined.fallbacks.has(code) ? { fallback: joined.fallbacks.get(code) } : {}) })),
    scale: scaleValues.map((v, i) => ({
      value: Number(v),
      label: shared.scaleList!.get(v)!.texts.get(languages.source),
      description: joined.scaleDescriptions[i]!.get(languages.source),
    })),
    importance: importanceValues.map((v) => ({ value: Number(v), label: shared.importanceList!.get(v)!.texts.get(languages.source) })),
    severity: joined.severity,
    ...(Object.keys(joined.roadmap).length ? { roadmap: joined.roadmap } : {}),
    levels: levels.map((l) => l.id),
  };
  for (const [key, texts] of background.texts) allTexts.set(key, texts);
  const files = emit(instrumentFile, joined.levelFiles, allTexts, languages);
  if (background.questions.length) files.set("background.yaml", stringify({ questions: background.questions }, { lineWidth: 0 }));
  return {
    ok: true,
    folder: { id: settings.formId, files, items: shared.items.length, background: background.questions.length },
    warnings: warnings.sort(inReadingOrder),
  };
}

/** The folder's files: the instrument, one file per level, and each other language's translations, recorded as
 * translated from the current source text. */
function emit(instrumentFile: object, levelFiles: { id: string }[], allTexts: Map<string, Texts>, { source, languages }: FormLanguages): Map<string, string> {
  const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });
  const files = new Map<string, string>();
  files.set("instrument.yaml", yaml(instrumentFile));
  for (const file of levelFiles) files.set(`levels/${file.id}.yaml`, yaml(file));
  for (const code of languages.slice(1)) {
    const strings: Record<string, { source: string; text: string }> = {};
    for (const [key, texts] of allTexts) {
      const text = texts.get(code);
      if (text) strings[key] = { source: sourceHash(texts.get(source)!), text };
    }
    files.set(`translations/${code}.yaml`, yaml({ language: code, strings }));
  }
  return files;
}
