// The respondent's questionnaire page from its cached skeleton is the page a full render gives, byte for byte, in
// every answer state; values are escaped as Handlebars escapes them; nothing of one respondent reaches another.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";
import Handlebars from "handlebars";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createHttpServer } from "../../src/web/http-server";
import { lookupOf } from "../../src/assessments/tokens";
import { buildContext } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import type { AppContext } from "../../src/context";
import { fillSkeleton, fillSkeletonBytes, HoleSet, QuestionnairePageSkeletons, type PageRequest } from "../../src/responses/page-skeleton";
import { pagesFor } from "../../src/responses/questionnaire";
import { findInvitationByLookup } from "../../src/responses/repository";
import type { AnswerInput } from "../../src/responses/schemas";
import { saveAnswers } from "../../src/responses/service";
import { makeTempDir } from "../support/app";
import { anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";

const MARKUP = `<script>alert("x")</script> & 'quoted' \`tick\` =equals`;
const CSRF_FIELD = /name="_csrf" value="([^"]*)"/;
const SAME_HEADERS = [
  "status",
  "content-type",
  "cache-control",
  "referrer-policy",
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "cross-origin-opener-policy",
  "etag",
];

describe("the questionnaire page's cached skeleton", () => {
  let context: AppContext;
  let app: express.Express;
  let server: Server;
  let url: string;
  let assessment: BuiltAssessment;

  beforeAll(async () => {
    context = await buildContext(loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", SEED_DEMO: "false", PORT: "0", DATA_DIR: makeTempDir() }));
    app = createApp(context);
    server = await new Promise<Server>((resolve) => {
      const s = createHttpServer(app).listen(0, "127.0.0.1", () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assessment = anAssessment(context, { status: "open", languages: ["en", "ar"] });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    context.database.close();
  });

  const organisational = () => context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions;

  const save = (token: string, answers: Partial<AnswerInput>[]) => {
    const invitation = findInvitationByLookup(context.database, lookupOf(token))!;
    const full = answers.map((a) => ({ kind: "answered", current: null, target: null, importance: null, comment: null, ...a }) as AnswerInput);
    saveAnswers(context.database, invitation, full, { source: "form", now: context.clock() });
  };

  const get = async (path: string) => {
    const response = await fetch(url + path, { redirect: "manual" });
    const text = await response.text();
    const headers = Object.fromEntries(SAME_HEADERS.map((name) => [name, name === "status" ? String(response.status) : response.headers.get(name)]));
    const cookie = response.headers.get("set-cookie") ?? "";
    return { text, headers, cookie, token: CSRF_FIELD.exec(text)?.[1] };
  };

  /** The page rendered in full (view cache off), then twice from the skeleton (made, then reused): all the same. */
  const expectSameBothWays = async (path: string) => {
    app.disable("view cache");
    const full = await get(path);
    app.enable("view cache");
    const made = await get(path);
    const reused = await get(path);
    for (const page of [full, made, reused]) {
      // Each request has its own CSRF token (and cookie): the only bytes allowed to differ.
      expect(page.token).toMatch(/^[\w.:+/=-]{20,}$/);
      expect(page.cookie).toMatch(/^cna\.rcsrf=/);
    }
    const normalised = (page: typeof full) => page.text.replace(page.token!, "TOKEN");
    expect(normalised(made)).toBe(normalised(full));
    expect(normalised(reused)).toBe(normalised(full));
    expect(made.headers).toEqual(full.headers);
    expect(reused.headers).toEqual(full.headers);
    const cookieAttributes = (page: typeof full) => page.cookie.replace(/^cna\.rcsrf=[^;]*/, "");
    expect(cookieAttributes(made)).toBe(cookieAttributes(full));
    return made.text;
  };

  it("gives the full render's page for a respondent who has not started (no save date yet)", async () => {
    const { token } = anInvitation(context, assessment);
    const html = await expectSameBothWays(`/r/${token}/p/${organisational()[1].id}`);
    expect(html).not.toMatch(/value="\w+" checked/);
    expect(html).toContain(`action="/r/${token}/p/${organisational()[1].id}"`);
    expect(html).toContain(`data-autosave="/r/${token}/autosave"`);
  });

  it("gives the full render's page with some items answered, don't know, not applicable and comments with markup", async () => {
    const { token } = anInvitation(context, assessment);
    const [first, second, third, fourth] = organisational()[1].items;
    save(token, [
      { itemId: first.id, current: 3, target: 4, importance: 2, comment: MARKUP },
      { itemId: second.id, kind: "dontknow", comment: "zz0h1zz {{csrfToken}} &amp;" },
      { itemId: third.id, kind: "na" },
      { itemId: fourth.id, current: 0 },
    ]);
    const html = await expectSameBothWays(`/r/${token}/p/${organisational()[1].id}`);
    expect(html).toContain(`value="3" checked`);
    expect(html).toContain(`id="current-${second.id}-dk" name="current.${second.id}" value="dk" checked`);
    expect(html).toContain(`id="current-${third.id}-na" name="current.${third.id}" value="na" checked`);
    expect(html).toContain(Handlebars.escapeExpression(MARKUP));
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("zz0h1zz {{csrfToken}} &amp;amp;");
    expect(html).toMatch(/Last saved \w+ \d+, \d{4}/);
  });

  it("gives the full render's page in Arabic (right to left, its own words and date)", async () => {
    const { token } = anInvitation(context, assessment, { language: "ar" });
    const [first, second] = organisational()[2].items;
    save(token, [
      { itemId: first.id, current: 1, target: 2, importance: 3, comment: "تعليق <b>" },
      { itemId: second.id, current: 2, target: 3, importance: 1 },
    ]);
    const html = await expectSameBothWays(`/r/${token}/p/${organisational()[2].id}`);
    expect(html).toContain(`dir="rtl"`);
    expect(html).toContain("آخر حفظ");
    expect(html).toContain("تعليق &lt;b&gt;");
  });

  it("gives the full render's page for the last page, and with an item hidden by its relevance condition", async () => {
    const { token } = anInvitation(context, assessment);
    const dimensions = organisational();
    const strategy = dimensions.find((d) => d.items.some((i) => i.relevance))!;
    const conditional = strategy.items.find((i) => i.relevance)!;
    await expectSameBothWays(`/r/${token}/p/${dimensions[dimensions.length - 1].id}`);
    // "current(first) >= 1" is false while the first item is unanswered: the item is hidden.
    // It is on the page, hidden, with its condition for respond.js.
    const hidden = await expectSameBothWays(`/r/${token}/p/${strategy.id}`);
    expect(hidden).toMatch(new RegExp(`id="item-${conditional.id}" data-item="${conditional.id}" data-relevance="[^"]+" hidden>`));
    // Answered 2, the condition holds: the item is shown, from a skeleton of its own.
    save(token, [{ itemId: strategy.items[0].id, current: 2, target: 3, importance: 1 }]);
    const shown = await expectSameBothWays(`/r/${token}/p/${strategy.id}`);
    expect(shown).toMatch(new RegExp(`id="item-${conditional.id}" data-item="${conditional.id}" data-relevance="[^"]+">`));
  });

  it("shows each respondent only their own link, answers and comments on the same cached page", async () => {
    const dimension = organisational()[3];
    const alice = anInvitation(context, assessment).token;
    const bob = anInvitation(context, assessment).token;
    save(alice, [{ itemId: dimension.items[0].id, current: 4, target: 4, importance: 3, comment: "Alice's private remark" }]);
    save(bob, [{ itemId: dimension.items[0].id, current: 1, target: 2, importance: 1, comment: "Bob's note" }]);
    const alicePage = (await get(`/r/${alice}/p/${dimension.id}`)).text;
    const bobPage = (await get(`/r/${bob}/p/${dimension.id}`)).text;
    expect(bobPage).toContain("Bob&#x27;s note");
    expect(bobPage).not.toContain("Alice");
    expect(bobPage).not.toContain(alice);
    expect(bobPage).toContain(`id="current-${dimension.items[0].id}-1" name="current.${dimension.items[0].id}" value="1" checked`);
    expect(alicePage).toContain("Alice&#x27;s private remark");
    expect(alicePage).not.toContain(bob);
  });

  it("gives a CSRF token that the page's form post is accepted with (and refused without)", async () => {
    const { token } = anInvitation(context, assessment);
    const dimension = organisational()[0];
    const page = await get(`/r/${token}/p/${dimension.id}`);
    const cookie = page.cookie.split(";")[0];
    const post = (csrf: string) =>
      fetch(`${url}/r/${token}/p/${dimension.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ _csrf: csrf, intent: "later" }),
      });
    expect((await post("wrong")).status).toBe(403);
    expect((await post(page.token!)).status).toBe(303);
  });

  describe("the cache", () => {
    const requestFor = (index: number, render: PageRequest["render"]): PageRequest => {
      const instrument = context.instruments.current("digital-government")!;
      return {
        instrument,
        pages: pagesFor(instrument, ["organisational"]),
        index,
        locale: "en",
        answers: new Map(),
        firstNumber: 1,
        token: "the-link-token",
        values: { csrfToken: "c", action: "a", autosaveUrl: "s", progress: { answered: 0, total: 3, percent: 0 }, lastSavedOn: "" },
        render,
      };
    };

    it("keeps at most the given number of pages, making an evicted one again when it is asked for", () => {
      const skeletons = new QuestionnairePageSkeletons(2);
      let renders = 0;
      // Every sentinel is in the JSON of the view and values, so this stands in for the template.
      const render: PageRequest["render"] = (view, values) => (renders++, JSON.stringify({ view, values }));
      const pageAt = (index: number) => skeletons.html(requestFor(index, render));
      pageAt(0);
      pageAt(1);
      pageAt(0);
      expect(renders).toBe(2);
      pageAt(2);
      pageAt(1);
      expect(renders).toBe(3);
      pageAt(0);
      expect(renders).toBe(4);
    });

    it("refuses to keep a page whose static part contains the link's token", () => {
      const skeletons = new QuestionnairePageSkeletons();
      const render: PageRequest["render"] = (view, values) => `<a href="/r/the-link-token">${JSON.stringify({ view, values })}</a>`;
      expect(() => skeletons.html(requestFor(0, render))).toThrow(/invitation token/);
    });
  });
});

describe("filling a skeleton", () => {
  it("escapes every value as Handlebars does and never reads a filled value as a hole", () => {
    const holes = new HoleSet<string>();
    const template = Handlebars.compile(`<p title="{{a}}">{{b}}</p><textarea>{{c}}</textarea>{{b}}`);
    const sentinels = { a: holes.hole("a"), b: holes.hole("b"), c: holes.hole("c") };
    const skeleton = holes.split(template(sentinels));
    const values: Record<string, string> = { a: `"><script>`, b: MARKUP, c: sentinels.a };
    const filled = fillSkeleton(skeleton, (hole) => values[hole]);
    expect(filled).toBe(template(values));
    // The third value spells the first hole's sentinel: it is printed, not filled.
    expect(filled).toContain(`<textarea>${sentinels.a}</textarea>`);
    expect(fillSkeletonBytes(skeleton, (hole) => values[hole]).toString("utf8")).toBe(filled);
  });

  it("writes the same page as bytes as it does as a string, in any script", () => {
    const holes = new HoleSet<string>();
    const template = Handlebars.compile(`<p dir="rtl">آخر حفظ {{a}}</p>·{{b}}{{c}}<i>中文</i>{{a}}`);
    const skeleton = holes.split(template({ a: holes.hole("a"), b: holes.hole("b"), c: holes.hole("c") }));
    const values: Record<string, string> = { a: "تعليق <b>", b: "", c: "emoji 🙂 & é" };
    // Empty and non-empty values in every position: first, adjacent, last, all, none.
    const variants: Record<string, string>[] = [
      values,
      { a: "x", b: "ü", c: "z" },
      { a: "", b: "", c: "" },
      { a: "", b: "b", c: "" },
      { a: "1", b: "", c: "" },
    ];
    for (const variant of variants) {
      const bytes = fillSkeletonBytes(skeleton, (hole) => variant[hole]);
      expect(bytes.toString("utf8")).toBe(template(variant));
      expect(bytes.length).toBe(Buffer.byteLength(template(variant)));
    }
  });

  it("refuses a template that does not print one of the values", () => {
    const holes = new HoleSet<string>();
    const html = `<p>${holes.hole("shown")}</p>`;
    holes.hole("forgotten");
    expect(() => holes.split(html)).toThrow(/not printed by the template.*forgotten/);
  });
});
