// An XLSForm workbook → the files of a new instrument folder (instrument.yaml, levels/*.yaml, translations/*.yaml).
// Only the subset docs/exchange.md describes is accepted; every unsupported or invalid thing is reported with its
// sheet, row and column, and then no files are produced at all. Pure apart from reading the workbook bytes.
import { stringify } from "yaml";
import { z } from "zod";
import { sourceHash } from "../questionnaires/i18n";
import { horizons, severities } from "../questionnaires/scale";
import { idPattern, instrumentIdPattern } from "../questionnaires/schema";
import type { UploadLimits } from "../uploads/limits";
import { readWorkbook, rowValues, type SheetData } from "../uploads/spreadsheet";
import { cellText, restoreCell } from "./tables";
import { CHOICES, descriptionName, DETAILS, idOfXformName, languageCodeOf, parseFieldName, SETTINGS, SURVEY, type ItemField } from "./xlsform-common";

export interface XlsFormProblem {
  sheet: string;
  /** 1-based spreadsheet row; 0 when the problem is a missing sheet or row. */
  row: number;
  column: string;
  message: string;
}

export interface InstrumentFolder {
  id: string;
  /** Paths relative to the instrument folder → file content. */
  files: Map<string, string>;
  items: number;
}

export type XlsFormReadResult = { ok: true; folder: InstrumentFolder } | { ok: false; problems: XlsFormProblem[] };

interface SheetRow {
  row: number;
  cells: Map<string, string>;
}

interface Sheet {
  name: string;
  /** Lower-cased header → original header. */
  headers: string[];
  rows: SheetRow[];
}

type Texts = Map<string, string>;

const metadataTypes = new Set(["start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit"]);
const surveyColumns = /^(type|name|label(::.*)?|hint(::.*)?|required|relevant|appearance)$/;
const choicesColumns = /^(list_name|list name|name|label(::.*)?)$/;
const detailsColumns = /^(key|value|label(::.*)?)$/;
const positiveNumber = z.coerce.number({ message: "must be a number" }).positive("must be a number greater than 0");

function readSheet(worksheet: SheetData): Sheet {
  // Language suffixes keep their case ("zh-Hans"); everything else is compared in lower case.
  const headers: string[] = rowValues(worksheet, 1).map((value) => {
    const header = cellText(value).trim();
    const prefixed = /^(label|hint)::(.*)$/i.exec(header);
    return prefixed ? `${prefixed[1].toLowerCase()}::${prefixed[2]}` : header.toLowerCase();
  });
  const rows: SheetRow[] = [];
  for (const [rowNumber, row] of worksheet.rows) {
    if (rowNumber === 1) continue;
    const cells = new Map<string, string>();
    headers.forEach((header, i) => {
      if (!header) return;
      const text = restoreCell(cellText(row[i]).trim());
      if (text !== "") cells.set(header, text);
    });
    if (cells.size) rows.push({ row: rowNumber, cells });
  }
  return { name: worksheet.name, headers, rows };
}

interface ItemDraft {
  id: string;
  row: number;
  question: Texts;
  guidance?: Texts;
  relevantXpath?: string;
  lists: Partial<Record<ItemField, { list: string; row: number }>>;
}
interface DimensionDraft {
  id: string;
  row: number;
  title: Texts;
  description?: Texts;
  items: ItemDraft[];
}
interface LevelDraft {
  id: string;
  row: number;
  title: Texts;
  description?: Texts;
  dimensions: DimensionDraft[];
}

export async function readXlsForm(content: Buffer, limits?: UploadLimits): Promise<XlsFormReadResult> {
  const problems: XlsFormProblem[] = [];
  const problem = (sheet: string, row: number, column: string, message: string) => problems.push({ sheet, row, column, message });
  const workbook = await readWorkbook(content, limits);
  if (!workbook.ok) return { ok: false, problems: [{ sheet: "", row: 0, column: "", message: `not a readable XLSX workbook: ${workbook.message}` }] };
  const sheets = new Map<string, Sheet>();
  for (const name of [SURVEY, CHOICES, SETTINGS, DETAILS]) {
    const worksheet = workbook.sheets.find((w) => w.name.trim().toLowerCase() === name);
    if (worksheet) sheets.set(name, readSheet(worksheet));
    else if (name !== DETAILS) problem(name, 0, "", `the workbook has no "${name}" sheet`);
  }
  if (problems.length) return { ok: false, problems };
  const survey = sheets.get(SURVEY)!;
  const choices = sheets.get(CHOICES)!;
  const settings = sheets.get(SETTINGS)!;
  const details = sheets.get(DETAILS) ?? { name: DETAILS, headers: ["key", "value"], rows: [] };

  for (const [sheet, allowed] of [[survey, surveyColumns], [choices, choicesColumns], [details, detailsColumns]] as const) {
    sheet.headers.forEach((header, i) => {
      // KoboToolbox adds its own bookkeeping columns ($kuid, $autoname, …) to forms it exports: they carry no meaning here.
      if (!header || allowed.test(header) || header.startsWith("$")) return;
      const used = sheet.rows.find((r) => r.cells.has(header));
      if (used) problem(sheet.name, used.row, header, `the column "${header}" is not supported (see docs/exchange.md for the supported subset)`);
    });
  }

  // ---- languages: label::<language> columns; the source is settings.default_language (else en, else the first)
  const settingsRow = settings.rows[0];
  const labelLanguages = new Map<string, string>();
  for (const header of survey.headers) {
    if (!header?.startsWith("label::")) continue;
    const code = languageCodeOf(header.slice("label::".length));
    if (!code) problem(SURVEY, 1, header, 'name the language with its code, as in "label::French (fr)"');
    else labelLanguages.set(code.toLowerCase(), code);
  }
  let source = "en";
  const defaultLanguage = settingsRow?.cells.get("default_language");
  if (defaultLanguage) {
    const code = languageCodeOf(defaultLanguage);
    if (!code) problem(SETTINGS, settingsRow.row, "default_language", 'must name a language with its code, as in "English (en)"');
    else source = code;
  } else if (!survey.headers.includes("label") && labelLanguages.size && !labelLanguages.has("en")) source = [...labelLanguages.values()][0];
  const languages = [source, ...[...labelLanguages.values()].filter((c) => c.toLowerCase() !== source.toLowerCase())];
  const columnFor = (prefix: "label" | "hint", code: string, sheet: Sheet): string | undefined =>
    sheet.headers.find((h) => h?.startsWith(`${prefix}::`) && languageCodeOf(h.slice(prefix.length + 2))?.toLowerCase() === code.toLowerCase()) ??
    (code === source && sheet.headers.includes(prefix) ? prefix : undefined);
  const textsOf = (row: SheetRow, sheet: Sheet, prefix: "label" | "hint" = "label"): Texts => {
    const texts: Texts = new Map();
    for (const code of languages) {
      const column = columnFor(prefix, code, sheet);
      const text = column ? row.cells.get(column) : undefined;
      if (text) texts.set(code, text);
    }
    return texts;
  };
  const requireSource = (texts: Texts, sheet: Sheet, row: number, prefix: "label" | "hint" = "label"): Texts => {
    if (!texts.has(source)) problem(sheet.name, row, columnFor(prefix, source, sheet) ?? `${prefix}::${source}`, `the ${source} text must not be empty`);
    return texts;
  };

  // ---- settings
  const formId = settingsRow?.cells.get("form_id") ?? "";
  if (!instrumentIdPattern.test(formId) || formId.length > 100)
    problem(SETTINGS, settingsRow?.row ?? 2, "form_id", "must be the instrument id: lowercase letters and digits joined by single '-' (for example my-instrument)");
  const formTitle = settingsRow?.cells.get("form_title") ?? "";
  if (!formTitle) problem(SETTINGS, settingsRow?.row ?? 2, "form_title", "must give the instrument's title");

  // ---- cna_details: key/value rows and translatable texts
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
    const isValue = /^(language\..+\.fallback|severity\.(critical|high|moderate|low)|(level|dimension|item)\..+\.weight|item\..+\.relevance|action\..+\.(dimension|horizon|minSeverity))$/.test(key);
    if (isText) detailTexts.set(key, { row: row.row, texts: textsOf(row, details) });
    else if (isValue) {
      const value = row.cells.get("value");
      if (!value) problem(DETAILS, row.row, "value", `give the value of ${key}`);
      else detailValues.set(key, { row: row.row, value });
    } else problem(DETAILS, row.row, "key", `unknown key "${key}" (see docs/exchange.md for the keys)`);
  }
  const used = new Set<string>();
  const detailText = (key: string, required: { sheet: string; row: number; column: string; what: string } | null): Texts | undefined => {
    used.add(key);
    const found = detailTexts.get(key);
    if (found && !found.texts.has(source)) problem(DETAILS, found.row, columnFor("label", source, details) ?? `label::${source}`, `the ${source} text of ${key} must not be empty`);
    if (!found && required) problem(required.sheet, required.row, required.column, `${required.what}: add a row "${key}" to the ${DETAILS} sheet`);
    return found?.texts;
  };
  const detailValue = (key: string): { row: number; value: string } | undefined => {
    used.add(key);
    return detailValues.get(key);
  };
  const numberAt = (key: string, fallback: number, schema: z.ZodType<number> = positiveNumber): number => {
    const found = detailValue(key);
    if (!found) return fallback;
    const parsed = schema.safeParse(found.value);
    if (!parsed.success) {
      problem(DETAILS, found.row, "value", `the value of ${key} ${parsed.error.issues[0].message}`);
      return fallback;
    }
    return parsed.data;
  };

  // ---- choices
  const lists = new Map<string, Map<string, { row: number; texts: Texts }>>();
  for (const row of choices.rows) {
    const list = row.cells.get("list_name") ?? row.cells.get("list name");
    const name = row.cells.get("name");
    if (!list || !name) {
      problem(CHOICES, row.row, list ? "name" : "list_name", "every choice needs a list_name and a name");
      continue;
    }
    const entries = lists.get(list) ?? new Map();
    if (entries.has(name)) problem(CHOICES, row.row, "name", `"${name}" is already in the list "${list}" (row ${entries.get(name).row})`);
    entries.set(name, { row: row.row, texts: requireSource(textsOf(row, choices), choices, row.row) });
    lists.set(list, entries);
  }

  // ---- survey: level → dimension → item groups, each item a triple (and an optional comment)
  const levels: LevelDraft[] = [];
  const stack: (LevelDraft | DimensionDraft | ItemDraft)[] = [];
  const kinds = ["level", "dimension", "item"] as const;
  const closeItem = (item: ItemDraft) => {
    for (const field of ["current", "target", "importance"] as const) {
      if (!item.lists[field]) problem(SURVEY, item.row, "name", `the item group "${item.id}" has no select_one question named ${item.id}_${field}`);
    }
  };
  for (const row of survey.rows) {
    const rawType = (row.cells.get("type") ?? "").toLowerCase().replace(/\s+/g, " ").trim();
    const type = rawType.replace(/^(begin|end) (group|repeat)$/, "$1_$2");
    const name = row.cells.get("name") ?? "";
    if (!type) {
      problem(SURVEY, row.row, "type", "give the type of this row");
      continue;
    }
    if (metadataTypes.has(type)) continue;
    if (type === "begin_group") {
      const depth = stack.length;
      if (depth >= 3) {
        problem(SURVEY, row.row, "type", "groups nest at most three deep: level, dimension, item");
        stack.push({ id: name, row: row.row, question: new Map(), lists: {} });
        continue;
      }
      const id = idOfXformName(name);
      if (!idPattern.test(id)) problem(SURVEY, row.row, "name", `"${name}" is not a usable id: lowercase letters and digits joined by single '-' or '.'`);
      const label = requireSource(textsOf(row, survey), survey, row.row);
      if (depth === 0) {
        const level: LevelDraft = { id, row: row.row, title: label, dimensions: [] };
        levels.push(level);
        stack.push(level);
      } else if (depth === 1) {
        const dimension: DimensionDraft = { id, row: row.row, title: label, items: [] };
        (stack[0] as LevelDraft).dimensions.push(dimension);
        stack.push(dimension);
      } else {
        const item: ItemDraft = { id, row: row.row, question: label, relevantXpath: row.cells.get("relevant"), lists: {} };
        (stack[1] as DimensionDraft).items.push(item);
        stack.push(item);
      }
      continue;
    }
    if (type === "end_group") {
      const closed = stack.pop();
      if (!closed) problem(SURVEY, row.row, "type", "end_group without a begin_group");
      else if (stack.length === 2) closeItem(closed as ItemDraft);
      continue;
    }
    const top = stack[stack.length - 1];
    const topKind = stack.length ? kinds[Math.min(stack.length, 3) - 1] : undefined;
    if (type === "note") {
      if ((topKind === "level" || topKind === "dimension") && name === descriptionName(top.id)) {
        (top as LevelDraft | DimensionDraft).description = requireSource(textsOf(row, survey), survey, row.row);
      } else problem(SURVEY, row.row, "type", `a note is supported only as the description of a level or dimension, named <group name>_description${top ? ` (here ${descriptionName(top.id)})` : ""}`);
      continue;
    }
    const select = /^select_one ([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(type);
    if (!select && type !== "text") {
      problem(SURVEY, row.row, "type", `the type "${rawType}" is not supported: an item is a group of select_one questions (current, target, importance) and an optional text comment`);
      continue;
    }
    const field = parseFieldName(name);
    if (topKind !== "item") {
      problem(SURVEY, row.row, "name", "questions must be inside an item group (level group → dimension group → item group)");
      continue;
    }
    const item = top as ItemDraft;
    if (!field || field.itemId !== item.id || (type === "text") !== (field.field === "comment")) {
      problem(SURVEY, row.row, "name", `inside the item group "${item.id}" the questions are select_one ${item.id}_current, ${item.id}_target, ${item.id}_importance and text ${item.id}_comment`);
      continue;
    }
    if (item.lists[field.field]) {
      problem(SURVEY, row.row, "name", `${name} is given twice in the item group "${item.id}"`);
      continue;
    }
    item.lists[field.field] = { list: select?.[1] ?? "", row: row.row };
    if (field.field === "current") {
      const hint = textsOf(row, survey, "hint");
      if (hint.size) item.guidance = requireSource(hint, survey, row.row, "hint");
    }
    if (select && !lists.has(select[1])) problem(SURVEY, row.row, "type", `the choice list "${select[1]}" is not in the choices sheet`);
  }
  for (const open of stack.reverse()) problem(SURVEY, open.row, "type", `the group "${open.id}" has no end_group`);
  if (levels.length === 0) problem(SURVEY, 0, "", "the survey has no level group");

  // ---- the scale and importance lists, shared by every item
  const items = levels.flatMap((l) => l.dimensions.flatMap((d) => d.items));
  const sharedList = (field: "target" | "importance", values: string[]) => {
    const first = items.find((i) => i.lists[field])?.lists[field];
    if (!first) return undefined;
    for (const item of items) {
      const used = item.lists[field];
      if (used && used.list !== first.list) problem(SURVEY, used.row, "type", `every ${field} question must use the same choice list ("${first.list}")`);
    }
    const entries = lists.get(first.list);
    if (!entries) return undefined;
    const names = [...entries.keys()];
    if (names.join(",") !== values.join(",")) problem(CHOICES, [...entries.values()][0].row, "name", `the list "${first.list}" must have exactly the choices ${values.join(", ")}, in order (it has ${names.join(", ")})`);
    return entries;
  };
  const scaleValues = ["0", "1", "2", "3", "4", "5"];
  const scaleList = sharedList("target", scaleValues);
  const importanceList = sharedList("importance", ["1", "2", "3"]);
  const anchors = new Map<string, Map<string, Texts>>();
  for (const item of items) {
    const used = item.lists.current;
    const entries = used && lists.get(used.list);
    if (!used || !entries) continue;
    const names = [...entries.keys()];
    const levelNames = names.filter((n) => n !== "dk" && n !== "na");
    if (levelNames.join(",") !== scaleValues.join(","))
      problem(CHOICES, [...entries.values()][0].row, "name", `the list "${used.list}" of ${item.id}_current must have the choices 0 to 5 in order (and optionally dk, na); it has ${names.join(", ")}`);
    anchors.set(item.id, new Map(levelNames.map((n) => [n, entries.get(n)!.texts])));
    // dk and na are offered by the app for every item: their labels are interface words, not instrument texts.
  }

  // ---- details that XLSForm has no column for
  const title = new Map<string, string>([[source, formTitle]]);
  for (const [code, text] of detailText("instrument.title", null) ?? []) if (code !== source) title.set(code, text);
  const description = detailText("instrument.description", { sheet: SETTINGS, row: settingsRow?.row ?? 2, column: "form_title", what: "the instrument needs a description" });
  const scaleDescriptions = scaleValues.map((v) => detailText(`scale.${v}.description`, { sheet: CHOICES, row: scaleList?.get(v)?.row ?? 0, column: "name", what: `scale value ${v} needs a description` }));
  const severity = Object.fromEntries(severities.map((s) => [s, numberAt(`severity.${s}`, { critical: 2, high: 1.5, moderate: 1, low: 0.5 }[s])]));
  const fallbacks = new Map<string, string>();
  for (const code of languages.slice(1)) {
    const found = detailValue(`language.${code}.fallback`);
    if (found) fallbacks.set(code, found.value);
  }

  const actionsByDimension = new Map<string, { id: string; row: number; horizon?: string; minSeverity?: string; texts?: Texts }[]>();
  const dimensionIds = new Set(levels.flatMap((l) => l.dimensions.map((d) => d.id)));
  const actionIds = new Set([...detailRow.keys()].map((k) => /^action\.(.+)\.(dimension|horizon|minSeverity|text)$/.exec(k)?.[1]).filter((x): x is string => Boolean(x)));
  for (const actionId of actionIds) {
    const dimension = detailValue(`action.${actionId}.dimension`);
    const horizon = detailValue(`action.${actionId}.horizon`);
    const minSeverity = detailValue(`action.${actionId}.minSeverity`);
    const row = detailRow.get(`action.${actionId}.text`) ?? dimension?.row ?? 0;
    const texts = detailText(`action.${actionId}.text`, { sheet: DETAILS, row, column: "key", what: `action ${actionId} needs a text` });
    if (!dimension) problem(DETAILS, row, "key", `action ${actionId} needs a row action.${actionId}.dimension naming its dimension`);
    else if (!dimensionIds.has(dimension.value)) problem(DETAILS, dimension.row, "value", `"${dimension.value}" is not a dimension of the survey`);
    if (!horizon || !(horizons as readonly string[]).includes(horizon.value)) problem(DETAILS, horizon?.row ?? row, "value", `action.${actionId}.horizon must be one of ${horizons.join(", ")}`);
    if (!minSeverity || !(severities as readonly string[]).includes(minSeverity.value)) problem(DETAILS, minSeverity?.row ?? row, "value", `action.${actionId}.minSeverity must be one of ${severities.join(", ")}`);
    if (!idPattern.test(actionId)) problem(DETAILS, row, "key", `"${actionId}" is not a usable action id`);
    if (dimension) actionsByDimension.set(dimension.value, [...(actionsByDimension.get(dimension.value) ?? []), { id: actionId, row, horizon: horizon?.value, minSeverity: minSeverity?.value, texts }]);
  }

  const levelFiles = levels.map((level) => {
    const respondents = detailText(`level.${level.id}.respondents`, { sheet: SURVEY, row: level.row, column: "name", what: `level ${level.id} needs a description of its respondents` });
    if (!level.description) problem(SURVEY, level.row, "name", `level ${level.id} needs a description: a note named ${descriptionName(level.id)} right after its begin_group`);
    return {
      texts: { [`level.${level.id}.title`]: level.title, [`level.${level.id}.description`]: level.description, [`level.${level.id}.respondents`]: respondents },
      file: {
        id: level.id,
        title: level.title.get(source),
        description: level.description?.get(source),
        respondents: respondents?.get(source),
        weight: numberAt(`level.${level.id}.weight`, 1),
        dimensions: level.dimensions.map((dimension) => {
          if (!dimension.description) problem(SURVEY, dimension.row, "name", `dimension ${dimension.id} needs a description: a note named ${descriptionName(dimension.id)} right after its begin_group`);
          const actions = actionsByDimension.get(dimension.id) ?? [];
          if (actions.length === 0) problem(SURVEY, dimension.row, "name", `dimension ${dimension.id} needs at least one recommended action: add action.<id>.dimension/horizon/minSeverity/text rows to the ${DETAILS} sheet`);
          return {
            id: dimension.id,
            title: dimension.title.get(source),
            description: dimension.description?.get(source),
            weight: numberAt(`dimension.${dimension.id}.weight`, 1),
            items: dimension.items.map((item) => {
              const relevance = detailValue(`item.${item.id}.relevance`)?.value;
              if (item.relevantXpath && !relevance)
                problem(SURVEY, item.row, "relevant", `XPath conditions are not imported: write the condition in the instrument's own language as a row item.${item.id}.relevance of the ${DETAILS} sheet (see docs/instrument-format.md)`);
              const itemAnchors = anchors.get(item.id);
              return {
                id: item.id,
                question: item.question.get(source),
                ...(item.guidance ? { guidance: item.guidance.get(source) } : {}),
                weight: numberAt(`item.${item.id}.weight`, 1),
                ...(relevance ? { relevance } : {}),
                anchors: Object.fromEntries(scaleValues.map((v) => [v, itemAnchors?.get(v)?.get(source)])),
              };
            }),
            actions: actions.map((a) => ({ id: a.id, text: a.texts?.get(source), horizon: a.horizon, minSeverity: a.minSeverity })),
          };
        }),
      },
    };
  });

  for (const key of detailRow.keys()) {
    if (used.has(key) || /^action\./.test(key)) continue;
    problem(DETAILS, detailRow.get(key)!, "key", `"${key}" names nothing in the survey`);
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row) };

  // ---- translations: every non-empty text of another language, recorded as translated from the current English
  const allTexts = new Map<string, Texts>();
  allTexts.set("instrument.title", title);
  allTexts.set("instrument.description", description!);
  scaleValues.forEach((v, i) => {
    allTexts.set(`scale.${v}.label`, scaleList!.get(v)!.texts);
    allTexts.set(`scale.${v}.description`, scaleDescriptions[i]!);
  });
  for (const v of ["1", "2", "3"]) allTexts.set(`importance.${v}.label`, importanceList!.get(v)!.texts);
  for (const level of levels) {
    allTexts.set(`level.${level.id}.title`, level.title);
    allTexts.set(`level.${level.id}.description`, level.description!);
    allTexts.set(`level.${level.id}.respondents`, detailTexts.get(`level.${level.id}.respondents`)!.texts);
    for (const dimension of level.dimensions) {
      allTexts.set(`dimension.${dimension.id}.title`, dimension.title);
      allTexts.set(`dimension.${dimension.id}.description`, dimension.description!);
      for (const item of dimension.items) {
        allTexts.set(`item.${item.id}.question`, item.question);
        if (item.guidance) allTexts.set(`item.${item.id}.guidance`, item.guidance);
        for (const v of scaleValues) allTexts.set(`item.${item.id}.anchor.${v}`, anchors.get(item.id)!.get(v)!);
      }
      for (const action of actionsByDimension.get(dimension.id) ?? []) allTexts.set(`action.${action.id}.text`, action.texts!);
    }
  }

  const files = new Map<string, string>();
  const instrumentFile = {
    id: formId,
    title: formTitle,
    description: description!.get(source),
    sourceLanguage: source,
    languages: languages.slice(1).map((code) => ({ code, ...(fallbacks.has(code) ? { fallback: fallbacks.get(code) } : {}) })),
    scale: scaleValues.map((v, i) => ({ value: Number(v), label: scaleList!.get(v)!.texts.get(source), description: scaleDescriptions[i]!.get(source) })),
    importance: ["1", "2", "3"].map((v) => ({ value: Number(v), label: importanceList!.get(v)!.texts.get(source) })),
    severity,
    levels: levels.map((l) => l.id),
  };
  const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });
  files.set("instrument.yaml", yaml(instrumentFile));
  for (const { file } of levelFiles) files.set(`levels/${file.id}.yaml`, yaml(file));
  for (const code of languages.slice(1)) {
    const strings: Record<string, { source: string; text: string }> = {};
    for (const [key, texts] of allTexts) {
      const text = texts.get(code);
      if (text) strings[key] = { source: sourceHash(texts.get(source)!), text };
    }
    files.set(`translations/${code}.yaml`, yaml({ language: code, strings }));
  }
  return { ok: true, folder: { id: formId, files, items: items.length } };
}
