// The offline answer template: an XLSX workbook with one row per invitation and item, pre-filled with the items (and
// any answers already given), for respondents who answer on paper or offline. Its "about" sheet names the assessment
// and instrument version, so a filled template can only go back where it came from. Pure: data in, workbook out.
import type ExcelJS from "exceljs";
import { newWorkbook } from "../workbook";
import { instrumentText } from "../questionnaires/i18n";
import { indexInstrument } from "../questionnaires/lookup";
import type { Instrument } from "../questionnaires/schema";
import { neutraliseCell } from "../cell-safety";
import { currentCode } from "./exports";
import type { ExportAnswer } from "./repository";

export const TEMPLATE_FORMAT = "cna-answer-template";
export const TEMPLATE_FORMAT_VERSION = "1";
export const ANSWERS_SHEET = "answers";
export const ABOUT_SHEET = "about";
export const templateColumns = [
  "invitation_id",
  "organisation",
  "level",
  "dimension",
  "item_id",
  "question",
  "current",
  "target",
  "importance",
  "comment",
  "evidence_link",
] as const;
export type TemplateColumn = (typeof templateColumns)[number];

export interface TemplateInvitation {
  invitationId: number;
  organisationName: string;
  levels: string[];
  language: string;
  answers: ReadonlyMap<string, Pick<ExportAnswer, "kind" | "current" | "target" | "importance" | "comment">>;
  /** The evidence links already attached, by item (several separated by spaces). */
  evidenceLinks?: ReadonlyMap<string, string>;
}

export interface TemplateInput {
  assessmentId: number;
  assessmentLabel: string;
  instrument: Instrument;
  invitations: readonly TemplateInvitation[];
  /** The filling instructions, in the language of whoever downloads the template. */
  words: TemplateWords;
}

export interface TemplateWords {
  howTo: string;
  instructions: string;
  scale: string;
}

const column = (name: TemplateColumn) => templateColumns.indexOf(name) + 1;
const letter = (name: TemplateColumn) => String.fromCharCode(64 + column(name));

export async function buildAnswerTemplate(input: TemplateInput): Promise<Buffer> {
  const { instrument } = input;
  const index = indexInstrument(instrument);
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet(ANSWERS_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow([...templateColumns]);
  sheet.getRow(1).font = { bold: true };
  for (const invitation of input.invitations) {
    const text = (key: string) => instrumentText(instrument, key, invitation.language);
    for (const { item, dimension, level } of index.items) {
      if (!invitation.levels.includes(level.id)) continue;
      const answer = invitation.answers.get(item.id);
      sheet.addRow(
        [
          invitation.invitationId,
          invitation.organisationName,
          text(`level.${level.id}.title`),
          text(`dimension.${dimension.id}.title`),
          item.id,
          text(`item.${item.id}.question`),
          answer ? currentCode(answer) : null,
          answer?.target ?? null,
          answer?.importance ?? null,
          answer?.comment ?? null,
          invitation.evidenceLinks?.get(item.id) ?? null,
        ].map((cell) => (cell === null ? null : neutraliseCell(cell))),
      );
    }
  }
  const last = Math.max(2, sheet.rowCount);
  const list = (name: TemplateColumn, values: string, prompt: string) => {
    for (let row = 2; row <= last; row++) {
      sheet.getCell(`${letter(name)}${row}`).dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [`"${values}"`],
        showErrorMessage: true,
        errorTitle: name,
        error: prompt,
      };
    }
  };
  list("current", "0,1,2,3,4,5,dk,na", "0 to 5, dk (don't know) or na (not applicable)");
  list("target", "0,1,2,3,4,5", "0 to 5");
  list("importance", "1,2,3", "1 (low), 2 (medium) or 3 (high)");
  const widths: Partial<Record<TemplateColumn, number>> = {
    organisation: 24,
    level: 24,
    dimension: 28,
    item_id: 20,
    question: 70,
    comment: 40,
    evidence_link: 40,
  };
  templateColumns.forEach((name, i) => {
    sheet.getColumn(i + 1).width = widths[name] ?? 12;
  });
  sheet.getColumn(column("question")).alignment = { wrapText: true, vertical: "top" };

  const about = workbook.addWorksheet(ABOUT_SHEET);
  about.addRows([
    ["format", TEMPLATE_FORMAT],
    ["format_version", TEMPLATE_FORMAT_VERSION],
    ["assessment_id", input.assessmentId],
    ["assessment", neutraliseCell(input.assessmentLabel)],
    ["instrument_id", instrument.id],
    ["instrument_version", instrument.version],
    [],
    [input.words.howTo, input.words.instructions],
    [input.words.scale, instrument.scale.map((s) => `${s.value} ${s.label}`).join("; ")],
  ]);
  about.getColumn(1).width = 20;
  about.getColumn(2).width = 90;
  about.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
