// Creating an assessment: the form (GET /assessments/new) and its submission (POST /assessments).
import { allowedTo } from "../../auth/access";
import type { AppContext } from "../../context";
import { instrumentText, isCompleteIn } from "../../questionnaires/i18n";
import { definePage, redirect, render } from "../../web/pages";
import { createAssessmentSchema } from "../schemas";
import { createAssessment } from "../service";
import { byFormField, requestMeta, serviceDeps } from "./shared";

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value ? [value] : []);

/** The form's view model, with the values sent back and their errors (when a submission was refused). */
export function newAssessmentView(context: AppContext, locale: string, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) {
  const { instruments, countries, translator } = context;
  const instrumentList = instruments.list().map((i) => ({
    id: i.id,
    title: instrumentText(i, "instrument.title", locale),
    selected: values.instrumentId ? values.instrumentId === i.id : i.id === "digital-government",
  }));
  const chosen = instruments.current(String(values.instrumentId ?? "digital-government")) ?? instruments.list()[0];
  const checkedLevels = values.levels ? asList(values.levels) : (chosen?.levels.map((l) => l.id) ?? []);
  const checkedLanguages = values.languages ? asList(values.languages) : ["en"];
  return {
    titleKey: "assessments.new.title",
    errors: translator.fields(locale, errors),
    values,
    countries: countries.all().map((c) => ({ iso3: c.iso3, name: c.name, selected: c.iso3 === values.countryIso3 })),
    instruments: instrumentList,
    levels: (chosen?.levels ?? []).map((l) => ({
      id: l.id,
      title: instrumentText(chosen!, `level.${l.id}.title`, locale),
      checked: checkedLevels.includes(l.id),
    })),
    languages: (chosen ? instruments.languagesOf(chosen) : ["en"]).map((code) => ({
      code,
      name: translator.t(code, "language.name"),
      checked: checkedLanguages.includes(code),
      isIncomplete: chosen ? !isCompleteIn(chosen, code) : false,
    })),
    hasIncompleteLanguage: chosen ? instruments.languagesOf(chosen).some((code) => !isCompleteIn(chosen, code)) : false,
    acceptsFallback: values.acceptsFallback === "on" || values.acceptsFallback === true,
  };
}

export const createPages = [
  definePage({
    method: "get",
    path: "/assessments/new",
    access: allowedTo("assessment.create"),
    view: "assessments/new",
    handle: ({ context, locale }) => newAssessmentView(context, locale),
  }),
  definePage({
    method: "post",
    path: "/assessments",
    access: allowedTo("assessment.create"),
    body: createAssessmentSchema,
    handle: ({ context, actor, body, req }) => redirect(`/assessments/${createAssessment(serviceDeps(context), actor, body, requestMeta(req))}`),
    onInvalid: ({ context, locale, values }, error) => {
      const errors = Object.keys(error.fields).length
        ? byFormField(error.fields)
        : { _: error.shown ? context.translator.render(locale, error.shown) : error.message };
      return render("assessments/new", newAssessmentView(context, locale, errors, values), 400);
    },
  }),
];
