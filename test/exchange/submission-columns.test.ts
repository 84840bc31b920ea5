// What the columns of a KoboToolbox / ODK export mean (pure): multiple choices with Kobo's 0/1 column per option,
// names with "-" under ODK's "-" group separator, instance ids with or without their prefix, submission times.
import { describe, expect, it } from "vitest";
import { fieldName } from "../../src/exchange/xlsform-common";
import { mapColumns, normaliseInstanceId, submissionTimeOf } from "../../src/exchange/submission-columns";
import { readSubmissions } from "../../src/exchange/submission-import";
import { InstrumentCatalog } from "../../src/questionnaires/catalog";
import path from "node:path";

const catalog = await InstrumentCatalog.load(path.resolve(import.meta.dirname, "../../questionnaires"));
const base = catalog.current("digital-government")!;
/** The default instrument with a multiple-choice question added (the default asks none). */
const instrument = {
  ...base,
  background: [
    ...(base.background ?? []),
    {
      id: "languages",
      type: "multiple" as const,
      question: "Which languages do you work in?",
      required: true,
      preferNotToSay: false,
      options: [
        { id: "en", label: "English" },
        { id: "fr", label: "French" },
        { id: "other", label: "Other" },
      ],
    },
  ],
};
const level = instrument.levels.find((l) => l.id === "organisational")!;
const dimension = level.dimensions[0];
const item = dimension.items[0];

describe("the columns of a submissions export", () => {
  it("maps Kobo's grouped and bare names and ODK's '-' paths, and ignores the 0/1 column per option", () => {
    const header = [
      `organisational/${dimension.id}/${item.id}/${fieldName(item.id, "current")}`,
      `organisational-${dimension.id}-${item.id}-${fieldName(item.id, "target")}`,
      fieldName(item.id, "importance"),
      "background/languages",
      "background/languages/en",
      "background/languages/fr",
      "languages/other",
      "meta/instanceID",
      "_uuid",
      "_submission_time",
      "_validation_status",
      "SubmitterName",
    ];
    const { meanings, problems } = mapColumns(instrument, header);
    expect(problems).toEqual([]);
    expect(Object.fromEntries([...meanings].map(([i, m]) => [header[i], m.kind === "item" ? `${m.itemId}.${m.field}` : m.kind]))).toEqual({
      [header[0]]: `${item.id}.current`,
      [header[1]]: `${item.id}.target`,
      [header[2]]: `${item.id}.importance`,
      "background/languages": "background",
      "meta/instanceID": "instance",
      _uuid: "instance",
      _submission_time: "time",
      _validation_status: "review",
    });
  });

  it("reads a multiple choice from its space-separated column, and refuses an option it does not offer", () => {
    const header = [
      fieldName(item.id, "current"),
      fieldName(item.id, "target"),
      fieldName(item.id, "importance"),
      "languages",
      "languages/en",
      "languages/fr",
      "_uuid",
    ];
    const table = {
      sheet: "kobo.csv",
      header,
      rows: [
        { row: 2, cells: ["2", "4", "3", "fr en", "1", "1", "7c9e6679-7425-40de-944b-e07fc1f90ae7"] },
        { row: 3, cells: ["2", "4", "3", "fr klingon", "0", "1", "16fd2706-8baf-433b-82eb-8c7fada847da"] },
        { row: 4, cells: ["2", "4", "3", "", "0", "0", "886313e1-3b8a-5372-9b90-0c9aee199e5d"] },
      ],
    };
    const read = readSubmissions(instrument, ["organisational"], table, new Set());
    expect(read.problems).toEqual([
      { sheet: "kobo.csv", row: 3, column: "languages", message: "must be one of the question's options (en, fr, other)" },
      { sheet: "kobo.csv", row: 4, column: "languages", message: "must be answered: the question is required" },
    ]);
    expect(read.submissions[0]).toMatchObject({
      instanceId: "uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7",
      background: [{ questionId: "languages", value: "en fr" }],
      answers: [{ itemId: item.id, kind: "answered", current: 2, target: 4, importance: 3, comment: null }],
    });
  });

  it("keeps one form of an instance id, and reads submission times with or without a zone", () => {
    expect(normaliseInstanceId("7C9E6679-7425-40DE-944B-E07FC1F90AE7")).toBe("uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7");
    expect(normaliseInstanceId(" uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7 ")).toBe("uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7");
    expect(submissionTimeOf("2026-11-02T06:45:12")?.toISOString()).toBe("2026-11-02T06:45:12.000Z");
    expect(submissionTimeOf("2026-11-02T09:40:00.000+03:00")?.toISOString()).toBe("2026-11-02T06:40:00.000Z");
    expect(submissionTimeOf("2026-11-02 09:40:00+0300")?.toISOString()).toBe("2026-11-02T06:40:00.000Z");
    expect(submissionTimeOf("last Tuesday")).toBeNull();
  });
});
