// An XLSForm workbook → the files of a new instrument folder (instrument.yaml, levels/*.yaml, translations/*.yaml).
// Only the subset docs/exchange.md describes is accepted; every unsupported or invalid thing is reported with its
// sheet, row and column, and then no files are produced at all. Pure apart from reading the workbook bytes.
// Four steps: read sheets (xlsform-sheets.ts) → drafts (xlsform-drafts.ts) → details (xlsform-details.ts) → emit.
import { stringify } from "yaml";
import { sourceHash } from "../questionnaires/i18n";
import type { UploadLimits } from "../uploads/limits";
import { joinDetails, readDetails, readSettings } from "./xlsform-details";
import { importanceValues, readChoices, readSharedLists, readSurvey, scaleValues } from "./xlsform-drafts";
import { checkColumns, readLanguages, readSheets, type FormLanguages, type Texts, type XlsFormProblem } from "./xlsform-sheets";

export type { XlsFormProblem } from "./xlsform-sheets";

export interface InstrumentFolder {
  id: string;
  /** Paths relative to the instrument folder → file content. */
  files: Map<string, string>;
  items: number;
}

export type XlsFormReadResult = { ok: true; folder: InstrumentFolder } | { ok: false; problems: XlsFormProblem[] };

export async function readXlsForm(content: Buffer, limits?: UploadLimits): Promise<XlsFormReadResult> {
  const read = await readSheets(content, limits);
  if (!read.ok) return read;
  const { sheets } = read;
  const problems: XlsFormProblem[] = [];
  const problem = (sheet: string, row: number, column: string, message: string) => problems.push({ sheet, row, column, message });

  checkColumns(sheets, problem);
  const languages = readLanguages(sheets, problem);
  const settings = readSettings(sheets, problem);
  const details = readDetails(sheets, languages, problem);
  const lists = readChoices(sheets, languages, problem);
  const levels = readSurvey(sheets, languages, lists, problem);
  const shared = readSharedLists(levels, lists, problem);
  const joined = joinDetails(settings, levels, shared, details, languages, problem);
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row) };

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
    levels: levels.map((l) => l.id),
  };
  const files = emit(instrumentFile, joined.levelFiles, allTexts, languages);
  return { ok: true, folder: { id: settings.formId, files, items: shared.items.length } };
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
