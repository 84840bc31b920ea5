// Error messages in the reader's language, over real HTTP: a service's refusal, a form's field errors, the generic
// pages (too large, unreadable, not found) and a respondent's error; the English text stays for logs and JSON.
// Also: the code gives no plain English sentence to the errors people see, and every staff form message has a
// catalogue entry.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssessmentSchema, invitationRowSchema, invitationSchema, organisationSchema, updateDatesSchema } from "../../src/assessments/schemas";
import { addMemberSchema } from "../../src/assessments/members";
import { Translator } from "../../src/i18n/translate";
import { ConflictError, fieldErrorsOf, NotFoundError } from "../../src/errors";
import { problemSchema } from "../../src/web/problem";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation } from "../support/builders";

const translator = new Translator();

describe("error messages in the reader's language", () => {
  let app: AuthTestApp;
  let french: Browser;

  beforeAll(async () => {
    app = await startApp();
    const user = insertUser(app.context, { role: "admin", locale: "fr" });
    french = new Browser(app.url);
    expect((await french.signIn(user.email, user.password)).status).toBe(303);
  });
  afterAll(() => app.close());

  it("shows a service's refusal (a conflict) in French to a French-speaking member of staff", async () => {
    const assessment = anAssessment(app.context, { organisations: [] });
    const refused = await french.post(`/assessments/${assessment.id}/transition`, { transition: "open" });
    expect(refused.status).toBe(409);
    expect(textOf(refused.text)).toContain("Ajoutez au moins une organisation avant d’ouvrir l’évaluation.");
    expect(textOf(refused.text)).not.toContain("Add at least one organisation");
  });

  it("fills a refusal's values, themselves translated (a status, a transition)", async () => {
    const assessment = anAssessment(app.context, { status: "closed" });
    const refused = await french.post(`/assessments/${assessment.id}/transition`, { transition: "close", confirmed: "yes" });
    expect(refused.status).toBe(409);
    expect(textOf(refused.text)).toContain("Le statut de l’évaluation est « Close » : l’action « Clore le cycle » n’est pas possible.");
  });

  it("shows a form's field errors in French, placeholders included", async () => {
    const refused = await french.post("/assessments", {
      countryIso3: "",
      instrumentId: "",
      roundLabel: "x".repeat(41),
      levels: "",
      languages: "",
      minGroupSize: "2",
    });
    expect(refused.status).toBe(400);
    const text = textOf(refused.text);
    for (const expected of [
      "choisissez un pays",
      "doit comporter au plus 40 caractères",
      "choisissez au moins un niveau",
      "proposez au moins une langue",
      "ne peut jamais être inférieur à 3",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/choose a country|must be at most|can never be below/);
  });

  it("shows a service's field error in French (the same catalogue entries)", async () => {
    const assessment = anAssessment(app.context);
    const refused = await french.post(`/assessments/${assessment.id}/members`, { email: "nobody@example.org", role: "analyst" });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain("aucun compte pouvant recevoir cet accès n’a cette adresse : vérifiez-la, ou demandez à un administrateur");
  });

  /** Posts one file as a browser's multipart form would, with the CSRF token of the staff pages. */
  const postFile = async (browser: Browser, path: string, field: string, name: string, content: string) => {
    const csrf = await browser.csrfTokenFor(path);
    const form = new FormData();
    form.set("_csrf", csrf);
    form.set(field, new Blob([content], { type: "text/csv" }), name);
    const encoded = new Response(form);
    return browser.request("POST", `${path}?_csrf=${encodeURIComponent(csrf)}`, {
      body: Buffer.from(await encoded.arrayBuffer()) as unknown as string,
      headers: { "content-type": encoded.headers.get("content-type")! },
    });
  };

  it("lists the problems of an uploaded file in French, and an upload sent in the wrong field", async () => {
    const assessment = anAssessment(app.context);
    const path = `/assessments/${assessment.id}/invitations/import`;
    const refused = await postFile(french, path, "file", "invitations.csv", "organisation,levels,language\nMinistry of Health,organisational,xx\nX,,en\n");
    expect(refused.status).toBe(400);
    const text = textOf(refused.text);
    expect(text).toContain("est obligatoire (au moins 2 caractères)");
    expect(text).toContain("indiquez au moins un niveau");
    expect(text).not.toMatch(/is required|name at least one level/);
    // Rows that parse, refused by the service (a language the assessment does not offer).
    const unoffered = await postFile(french, path, "file", "invitations.csv", "organisation,levels,language\nMinistry of Health,organisational,xx\n");
    expect(unoffered.status).toBe(400);
    expect(textOf(unoffered.text)).toContain("la langue xx n’est pas proposée (en)");

    const wrongField = await postFile(french, path, "attachment", "invitations.csv", "organisation\n");
    expect(wrongField.status).toBe(400);
    expect(textOf(wrongField.text)).toContain("L’envoi n’a pas pu être lu : fichier inattendu, ou trop de fichiers, dans le champ « attachment ».");
  });

  it("shows the generic 413 and 400 pages in Arabic to a browser asking for Arabic", async () => {
    const visitor = new Browser(app.url);
    const tooLarge = await visitor.request("POST", "/sign-in", {
      body: `email=${"a".repeat(300 * 1024)}`,
      headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "ar", accept: "text/html" },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('lang="ar" dir="rtl"');
    expect(textOf(tooLarge.text)).toContain("الطلب كبير جدًا.");
    expect(textOf(tooLarge.text)).not.toContain("too large");

    const unreadable = await visitor.request("POST", "/sign-in", {
      body: "{not json",
      headers: { "content-type": "application/json", "accept-language": "ar", accept: "text/html" },
    });
    expect(unreadable.status).toBe(400);
    expect(textOf(unreadable.text)).toContain("تعذّرت قراءة الطلب.");
  });

  it("shows the not-found page in Spanish", async () => {
    const missing = await new Browser(app.url).get("/no/such/page", { "accept-language": "es" });
    expect(missing.status).toBe(404);
    expect(textOf(missing.text)).toContain("La página o el objeto solicitado no existe.");
  });

  it("shows a respondent's error in the language of their questionnaire", async () => {
    const assessment = anAssessment(app.context, { status: "open", languages: ["en", "ar"] });
    const { token } = anInvitation(app.context, assessment, { language: "ar" });
    const missing = await new Browser(app.url).get(`/r/${token}/p/no-such-dimension`, { "accept-language": "en" });
    expect(missing.status).toBe(404);
    expect(textOf(missing.text)).toContain("هذه الصفحة ليست جزءًا من استبيانكم.");
  });

  it("answers the pages' scripts (JSON) in the reader's language too, with a stable code and key", async () => {
    const assessment = anAssessment(app.context, { organisations: [] });
    const refused = await french.post(`/assessments/${assessment.id}/transition`, { transition: "open" }, { headers: { accept: "application/json" } });
    expect(refused.status).toBe(409);
    const problem = JSON.parse(refused.text) as { detail: string; code: string; messageKey: string };
    expect(problem).toMatchObject({
      detail: "Ajoutez au moins une organisation avant d’ouvrir l’évaluation.",
      code: "conflict",
      messageKey: "errors.assessment.noOrganisations",
    });

    // A body too large for any script: refused before any route, in the browser's language.
    const tooLarge = await new Browser(app.url).request("POST", "/sign-in", {
      body: JSON.stringify({ email: "x".repeat(400_000) }),
      headers: { "content-type": "application/json", accept: "application/json", "accept-language": "ar" },
    });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.text)).toMatchObject({ detail: "الطلب كبير جدًا.", messageKey: "errors.request.tooLarge" });
  });
  it("answers the pages' scripts in the API's one problem shape: fields located as { in, path, message }, in the reader's language", async () => {
    const assessment = anAssessment(app.context);
    const refused = await french.post(
      `/assessments/${assessment.id}/dates`,
      { opensOn: "2030-05-10", closesOn: "2030-05-01" },
      { headers: { accept: "application/json" } },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const problem = problemSchema.strict().parse(JSON.parse(refused.text));
    expect(problem).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400, code: "invalid_input", messageKey: "errors.invalidInput.message" });
    expect(problem.detail).toBe(translator.t("fr", "errors.invalidInput.message"));
    expect(problem.errors).toEqual([{ in: "body", path: "closesOn", message: translator.field("fr", "must not be before the opening date") }]);
    expect(problem.errors?.[0].message).not.toBe("must not be before the opening date");
  });
});

describe("error messages in the code", () => {
  it("take their English text from the English catalogue, and keep their key and values for translation", () => {
    const error = new ConflictError({ key: "errors.organisation.duplicate", params: { name: "Ministry of Health" } });
    expect(error.message).toBe('An organisation named "Ministry of Health" is already registered.');
    expect(translator.render("ar", error.shown!)).toBe("توجد بالفعل جهة مسجَّلة باسم «Ministry of Health».");
    expect(new NotFoundError().message).toBe(translator.t("en", "errors.notFound.message"));
  });

  it("are never plain sentences where people see them (only the English-speaking API and CLI may use those)", () => {
    const root = path.resolve(import.meta.dirname, "../../src");
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
    const plain = files(root)
      .filter((file) => !file.includes(`${path.sep}api${path.sep}`) && !file.includes(`${path.sep}cli${path.sep}`))
      .flatMap((file) =>
        [...fs.readFileSync(file, "utf8").matchAll(/new (?:NotFound|Forbidden|Unauthenticated|Conflict|TooManyRequests)Error\(\s*[`"']/g)].map(
          (m) => `${path.relative(root, file)}: ${m[0]}`,
        ),
      )
      // The API token check answers the API only (its problem+json speaks English).
      .filter((hit) => !hit.startsWith(`auth${path.sep}api-auth.ts`));
    expect(plain).toEqual([]);
  });

  it("translate every field message the staff forms' schemas can give", () => {
    const bad: [import("zod").ZodType, unknown][] = [
      [createAssessmentSchema, {}],
      [
        createAssessmentSchema,
        {
          countryIso3: "laos",
          instrumentId: "",
          roundLabel: "x".repeat(41),
          levels: "",
          languages: "EN",
          opensOn: "2026-02-30",
          closesOn: "soon",
          minGroupSize: "x",
        },
      ],
      [createAssessmentSchema, { countryIso3: "LAO", instrumentId: "i", roundLabel: "r", levels: "a", languages: "en", minGroupSize: "2.5" }],
      [createAssessmentSchema, { countryIso3: "LAO", instrumentId: "i", roundLabel: "r", levels: "a", languages: "en", minGroupSize: "2" }],
      [createAssessmentSchema, { countryIso3: "LAO", instrumentId: "i", roundLabel: "r", levels: "a", languages: "en", minGroupSize: "51" }],
      [updateDatesSchema, { opensOn: "2026-05-01", closesOn: "2026-04-01" }],
      [organisationSchema, {}],
      [organisationSchema, { name: "X", type: "kingdom" }],
      [organisationSchema, { name: "A\u0007B", type: "ministry" }],
      [organisationSchema, { name: "x".repeat(201), type: "ministry" }],
      [invitationSchema, { organisationId: "", email: "not-an-address", levels: "", language: "" }],
      [invitationSchema, { organisationId: "1", name: "x".repeat(201), levels: "a", language: "english" }],
      [invitationSchema, { organisationId: "1.5", email: `${"a".repeat(250)}@example.org`, levels: "a", language: "en" }],
      [invitationRowSchema, { organisation: "", organisation_type: "kingdom", email: "x", levels: "", language: "english" }],
      [invitationRowSchema, {}],
      [addMemberSchema, { email: "x", role: "owner" }],
    ];
    const messages = new Set(
      bad.flatMap(([schema, input]) => {
        const result = schema.safeParse(input);
        expect(result.success, JSON.stringify(input)).toBe(false);
        return Object.values(fieldErrorsOf(result.error!));
      }),
    );
    expect(messages.size).toBeGreaterThan(20);
    expect([...messages].filter((m) => translator.message("fr", m) === m)).toEqual([]);
  });

  it("translate a file problem that wraps a refusal's English text", () => {
    const closed = new ConflictError({ key: "errors.respond.closed" });
    const [problem] = translator.problems("fr", [{ row: 2, message: `invitation 12: ${closed.message}` }]);
    expect(problem).toEqual({ row: 2, message: "invitation 12 : Cette évaluation est close : les réponses ne peuvent plus être modifiées." });
  });

  it("match a message entry with placeholders, preferring the most specific shape", () => {
    expect(translator.message("fr", "must be at most 40 characters")).toBe("doit comporter au plus 40 caractères");
    expect(translator.message("fr", "must be at most 50")).toBe("doit valoir au plus 50");
    expect(translator.message("fr", "must be at most 2000 characters")).toBe(translator.t("fr", "message.commentLength"));
    expect(translator.message("fr", "social is not a level of this assessment (organisational, individual)")).toBe(
      "social n’est pas un niveau de cette évaluation (organisational, individual)",
    );
    expect(translator.message("fr", "a sentence nobody wrote")).toBe("a sentence nobody wrote");
  });
});
