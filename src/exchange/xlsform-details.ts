// XLSForm import, fourth step: what XLSForm has no column for, from the settings and the cna_details sheet (key/value
// rows and translatable texts): the instrument's description, scale descriptions, severities, weights, relevance
// conditions, fallbacks and recommended actions, joined with the survey drafts into the instrument and level files.
import path from "node:path";
import { z } from "zod";
import { horizons, severities } from "../questionnaires/scale";
import { idPattern, instrumentIdPattern } from "../questionnaires/schema";
import { CHOICES, descriptionName, DETAILS, SETTINGS, SURVEY } from "./xlsform-common";
import { scaleValues, type LevelDraft, type SharedLists } from "./xlsform-drafts";
import type { FormLanguages, FormSheets, Problem, Texts } from "./xlsform-sheets";

const positiveNumber = z.coerce.number({ message: "must be a number" }).positive("must be a number greater than 0");

export interface FormSettings {
  row: number | undefined;
  formId: string;
  formTitle: string;
}

/** A file name as an instrument id, as XLSForm takes the form id from the file name when the settings have none. */
export function idOfFileName(fileName: string): string {
  return path
    .basename(fileName)
    .replace(/\.[^.]*$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * form_id and form_title. Without them (the settings sheet is optional) the id comes from the file name, as in the
 * XLSForm spec, and the title is the file name; "_" in an id becomes "-" (staff_survey → staff-survey).
 */
export function readSettings({ settings }: FormSheets, fileName: string | undefined, problem: Problem): FormSettings {
  const settingsRow = settings.rows[0];
  const given = settingsRow?.cells.get("form_id") ?? settingsRow?.cells.get("id_string");
  const formId = given !== undefined ? given.toLowerCase().replace(/_+/g, "-") : fileName ? idOfFileName(fileName) : "";
  if (!instrumentIdPattern.test(formId) || formId.length > 100)
    problem(
      SETTINGS,
      given !== undefined ? settingsRow!.row : 0,
      "form_id",
      given !== undefined || fileName === undefined
        ? "must be the instrument id: lowercase letters and digits joined by single '-' (for example my-instrument)"
        : `the form has no form_id and its file name does not make one ("${formId}"): add a settings sheet with a form_id such as my-instrument`,
    );
  const formTitle = settingsRow?.cells.get("form_title") ?? (fileName ? path.basename(fileName).replace(/\.[^.]*$/, "") : formId);
  if (!formTitle) problem(SETTINGS, settingsRow?.row ?? 0, "form_title", "must give the instrument's title");
  return { row: settingsRow?.row, formId, formTitle };
}

/** The cna_details sheet, read once; each look-up marks its key used, so keys that name nothing can be reported. */
export interface Details {
  texts: Map<string, { row: number; texts: Texts }>;
  rowOf: Map<string, number>;
  text(key: string, required: { sheet: string; row: number; column: string; what: string } | null): Texts | undefined;
  value(key: string): { row: number; value: string } | undefined;
  number(key: string, fallback: number): number;
  /** A problem for each key no look-up asked for (actions aside: they are read by their ids). */
  reportUnused(): void;
}

export function readDetails({ details }: FormSheets, { source, columnFor, textsOf }: FormLanguages, problem: Problem): Details {
  const detailTexts = new Map<string, { row: number; texts: Texts }>();
  const detailValues = new Map<string, { row: number; value: string }>();
  const detailRow = new Map<string, number>();
  for (const row of details.rows) {
    const key = row.cells.get("key");
    if (!key) {
      problem(DETAILS, row.row, "key", "give the key of this row");
      continue;
    }
    if (detailRow.has(key)) {
      problem(DETAILS, row.row, "key", `"${key}" is already given on row ${detailRow.get(key)}`);
      continue;
    }
    detailRow.set(key, row.row);
    const isText = /^(instrument\.(title|description)|scale\.\d+\.description|level\..+\.respondents|action\..+\.text)$/.test(key);
    const isValue =
      /^(language\..+\.fallback|severity\.(critical|high|moderate|low)|roadmap\.(short|medium|long)|(level|dimension|item)\..+\.weight|dimension\..+\.measurement|item\..+\.relevance|background\..+\.(levels|relevance|preferNotToSay)|action\..+\.(dimension|horizon|minSeverity|currentFrom|currentBelow))$/.test(
        key,
      );
    if (isText) detailTexts.set(key, { row: row.row, texts: textsOf(row, details) });
    else if (isValue) {
      const value = row.cells.get("value");
      if (!value) problem(DETAILS, row.row, "value", `give the value of ${key}`);
      else detailValues.set(key, { row: row.row, value });
    } else problem(DETAILS, row.row, "key", `unknown key "${key}" (see docs/exchange.md for the keys)`);
  }
  const used = new Set<string>();
  const value = (key: string) => {
    used.add(key);
    return detailValues.get(key);
  };
  return {
    texts: detailTexts,
    rowOf: detailRow,
    text(key, required) {
      used.add(key);
      const found = detailTexts.get(key);
      if (found && !found.texts.has(source))
        problem(DETAILS, found.row, columnFor("label", source, details) ?? `label::${source}`, `the ${source} text of ${key} must not be empty`);
      if (!found && required) problem(required.sheet, required.row, required.column, `${required.what}: add a row "${key}" to the ${DETAILS} sheet`);
      return found?.texts;
    },
    value,
    number(key, fallback) {
      const found = value(key);
      if (!found) return fallback;
      const parsed = positiveNumber.safeParse(found.value);
      if (!parsed.success) {
        problem(DETAILS, found.row, "value", `the value of ${key} ${parsed.error.issues[0].message}`);
        return fallback;
      }
      return parsed.data;
    },
    reportUnused() {
      // Unknown keys were reported as such when read.
      for (const key of [...detailTexts.keys(), ...detailValues.keys()]) {
        if (used.has(key) || /^action\./.test(key)) continue;
        problem(DETAILS, detailRow.get(key)!, "key", `"${key}" names nothing in the survey`);
      }
    },
  };
}

export interface ActionDraft {
  id: string;
  row: number;
  horizon?: string;
  minSeverity?: string;
  currentFrom?: number;
  currentBelow?: number;
  texts?: Texts;
}

/** The instrument's details and its level files, as far as the sheets allow (problems say what is missing). */
export function joinDetails(
  settings: FormSettings,
  levels: LevelDraft[],
  shared: SharedLists,
  details: Details,
  { source, languages }: FormLanguages,
  problem: Problem,
) {
  const title = new Map<string, string>([[source, settings.formTitle]]);
  for (const [code, text] of details.text("instrument.title", null) ?? []) if (code !== source) title.set(code, text);
  const description = details.text("instrument.description", {
    sheet: settings.row ? SETTINGS : DETAILS,
    row: settings.row ?? 0,
    column: settings.row ? "form_title" : "key",
    what: "the instrument needs a description",
  });
  const scaleDescriptions = scaleValues.map((v) =>
    details.text(`scale.${v}.description`, {
      sheet: CHOICES,
      row: shared.scaleList?.get(v)?.row ?? 0,
      column: "name",
      what: `scale value ${v} needs a description`,
    }),
  );
  const severity = Object.fromEntries(severities.map((s) => [s, details.number(`severity.${s}`, { critical: 2, high: 1.5, moderate: 1, low: 0.5 }[s])]));
  // The roadmap caps: whole numbers, checked by the instrument rules once written.
  const roadmap = Object.fromEntries(
    horizons.flatMap((h) => {
      const found = details.value(`roadmap.${h}`);
      return found ? [[h, Number(found.value)]] : [];
    }),
  );
  const fallbacks = new Map<string, string>();
  for (const code of languages.slice(1)) {
    const found = details.value(`language.${code}.fallback`);
    if (found) fallbacks.set(code, found.value);
  }

  const actionsByDimension = new Map<string, ActionDraft[]>();
  const dimensionIds = new Set(levels.flatMap((l) => l.dimensions.map((d) => d.id)));
  const actionIds = new Set(
    [...details.rowOf.keys()]
      .map((k) => /^action\.(.+)\.(dimension|horizon|minSeverity|currentFrom|currentBelow|text)$/.exec(k)?.[1])
      .filter((x): x is string => Boolean(x)),
  );
  for (const actionId of actionIds) {
    const dimension = details.value(`action.${actionId}.dimension`);
    const horizon = details.value(`action.${actionId}.horizon`);
    const minSeverity = details.value(`action.${actionId}.minSeverity`);
    const row = details.rowOf.get(`action.${actionId}.text`) ?? dimension?.row ?? 0;
    const texts = details.text(`action.${actionId}.text`, { sheet: DETAILS, row, column: "key", what: `action ${actionId} needs a text` });
    if (!dimension) problem(DETAILS, row, "key", `action ${actionId} needs a row action.${actionId}.dimension naming its dimension`);
    else if (!dimensionIds.has(dimension.value)) problem(DETAILS, dimension.row, "value", `"${dimension.value}" is not a dimension of the survey`);
    if (!horizon || !(horizons as readonly string[]).includes(horizon.value))
      problem(DETAILS, horizon?.row ?? row, "value", `action.${actionId}.horizon must be one of ${horizons.join(", ")}`);
    if (!minSeverity || !(severities as readonly string[]).includes(minSeverity.value))
      problem(DETAILS, minSeverity?.row ?? row, "value", `action.${actionId}.minSeverity must be one of ${severities.join(", ")}`);
    if (!idPattern.test(actionId)) problem(DETAILS, row, "key", `"${actionId}" is not a usable action id`);
    if (dimension)
      actionsByDimension.set(dimension.value, [
        ...(actionsByDimension.get(dimension.value) ?? []),
        {
          id: actionId,
          row,
          horizon: horizon?.value,
          minSeverity: minSeverity?.value,
          // The range of current levels: numbers, checked by the instrument rules once written.
          ...Object.fromEntries(
            (["currentFrom", "currentBelow"] as const).flatMap((field) => {
              const found = details.value(`action.${actionId}.${field}`);
              return found ? [[field, Number(found.value)]] : [];
            }),
          ),
          texts,
        },
      ]);
  }

  const levelFiles = levels.map((level) => {
    const respondents = details.text(`level.${level.id}.respondents`, {
      sheet: SURVEY,
      row: level.row,
      column: "name",
      what: `level ${level.id} needs a description of its respondents`,
    });
    if (!level.description)
      problem(SURVEY, level.row, "name", `level ${level.id} needs a description: a note named ${descriptionName(level.id)} right after its begin_group`);
    return {
      id: level.id,
      title: level.title.get(source),
      description: level.description?.get(source),
      respondents: respondents?.get(source),
      weight: details.number(`level.${level.id}.weight`, 1),
      dimensions: level.dimensions.map((dimension) => {
        if (!dimension.description)
          problem(
            SURVEY,
            dimension.row,
            "name",
            `dimension ${dimension.id} needs a description: a note named ${descriptionName(dimension.id)} right after its begin_group`,
          );
        const actions = actionsByDimension.get(dimension.id) ?? [];
        if (actions.length === 0)
          problem(
            SURVEY,
            dimension.row,
            "name",
            `dimension ${dimension.id} needs at least one recommended action: add action.<id>.dimension/horizon/minSeverity/text rows to the ${DETAILS} sheet`,
          );
        return {
          id: dimension.id,
          title: dimension.title.get(source),
          description: dimension.description?.get(source),
          weight: details.number(`dimension.${dimension.id}.weight`, 1),
          // reflective or formative: checked by the instrument rules once written.
          ...Object.fromEntries([details.value(`dimension.${dimension.id}.measurement`)].flatMap((found) => (found ? [["measurement", found.value]] : []))),
          items: dimension.items.map((item) => {
            const relevance = details.value(`item.${item.id}.relevance`)?.value;
            if (item.relevantXpath && !relevance)
              problem(
                SURVEY,
                item.row,
                "relevant",
                `XPath conditions are not imported: write the condition in the instrument's own language as a row item.${item.id}.relevance of the ${DETAILS} sheet (see docs/instrument-format.md)`,
              );
            const itemAnchors = shared.anchors.get(item.id);
            return {
              id: item.id,
              question: item.question.get(source),
              ...(item.guidance ? { guidance: item.guidance.get(source) } : {}),
              weight: details.number(`item.${item.id}.weight`, 1),
              ...(relevance ? { relevance } : {}),
              anchors: Object.fromEntries(scaleValues.map((v) => [v, itemAnchors?.get(v)?.get(source)])),
            };
          }),
          actions: actions.map((a) => ({
            id: a.id,
            text: a.texts?.get(source),
            horizon: a.horizon,
            minSeverity: a.minSeverity,
            ...(a.currentFrom !== undefined ? { currentFrom: a.currentFrom } : {}),
            ...(a.currentBelow !== undefined ? { currentBelow: a.currentBelow } : {}),
          })),
        };
      }),
    };
  });
  details.reportUnused();
  return { title, description, scaleDescriptions, severity, roadmap, fallbacks, actionsByDimension, levelFiles };
}
