// XLSForm import of a form without rating items (a team's own "about you" form) onto an instrument the app offers:
// the new instrument takes the base's scale, levels, items, actions and translations as they are, and the form's
// questions as its background questions (in place of the base's). The form gives the id and the title. Nothing of the
// method is invented: the rating content comes from a reviewed instrument.
import { stringify } from "yaml";
import { sourceHash } from "../questionnaires/i18n";
import type { Instrument } from "../questionnaires/schema";
import type { ImportedBackground } from "./xlsform-background-import";
import { SURVEY } from "./xlsform-common";
import type { FormSettings } from "./xlsform-details";
import type { FormLanguages, Problem } from "./xlsform-sheets";

export function folderOnBase(
  base: Instrument,
  settings: FormSettings,
  background: ImportedBackground,
  { source, languages }: FormLanguages,
  problem: Problem,
  warn: Problem,
): Map<string, string> | undefined {
  if (source !== base.sourceLanguage) {
    problem(
      SURVEY,
      1,
      "label",
      `the form is written in ${source}, the instrument ${base.id} in ${base.sourceLanguage}: give the questions in ${base.sourceLanguage}`,
    );
    return undefined;
  }
  const offered = new Set(base.languages.map((l) => l.code));
  for (const code of languages.slice(1))
    if (!offered.has(code)) warn(SURVEY, 1, `label::${code}`, `the ${code} texts are not imported: the instrument ${base.id} is not offered in ${code}`);

  const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });
  const files = new Map<string, string>();
  files.set(
    "instrument.yaml",
    yaml({
      id: settings.formId,
      title: settings.formTitle,
      description: base.description,
      sourceLanguage: base.sourceLanguage,
      languages: base.languages,
      scale: base.scale,
      importance: base.importance,
      severity: base.severity,
      ...(base.roadmap ? { roadmap: base.roadmap } : {}),
      levels: base.levels.map((l) => l.id),
    }),
  );
  for (const level of base.levels) files.set(`levels/${level.id}.yaml`, yaml(level));
  if (background.questions.length) files.set("background.yaml", yaml({ questions: background.questions }));
  for (const { code } of base.languages) {
    // The base's translations as made (their source hashes kept), but its title and background questions, replaced.
    const strings: Record<string, { source: string; text: string }> = {};
    for (const [key, entry] of Object.entries(base.translations[code] ?? {}))
      if (key !== "instrument.title" && !key.startsWith("background.")) strings[key] = entry;
    for (const [key, texts] of background.texts) {
      const text = texts.get(code);
      if (text) strings[key] = { source: sourceHash(texts.get(source)!), text };
    }
    files.set(`translations/${code}.yaml`, yaml({ language: code, strings }));
  }
  return files;
}
