// The respondent's questionnaire page as cached HTML with holes. Everything on a page depends only on the instrument,
// the page, the language, which items are shown and whether the response was saved yet — except a few values per
// request: the CSRF token, the link's URLs, the checked states, the comments, the progress and the save date. The
// page is rendered once per such key through the normal view engine (so the markup stays in the .hbs files) with
// sentinels in place of those values, cut at the sentinels, and filled per request with the values escaped as
// Handlebars escapes them. The same output as a full render, byte for byte (test/responses/page-skeleton.test.ts),
// for about a tenth of the CPU (docs/decisions/007-respondent-hot-path.md).
import crypto from "node:crypto";
import Handlebars from "handlebars";
import type { Instrument } from "../questionnaires/schema";
import {
  checkedAttr,
  hiddenItemIds,
  targetBelowAttr,
  pageConditionsKey,
  pageView,
  type PageView,
  type Progress,
  type QuestionnairePage,
  type ShownAnswer,
} from "./questionnaire";
import type { StoredAnswer } from "./repository";

/** Where a hole's value comes from. */
export type PageHole =
  | { kind: "csrfToken" | "action" | "autosaveUrl" | "answered" | "total" | "percent" | "lastSavedOn" }
  | { kind: "checked"; itemId: string; field: "current" | "target" | "importance"; value: number }
  | { kind: "dontKnow" | "notApplicable" | "comment" | "targetBelow"; itemId: string }
  /** The item's evidence list: HTML made by evidence/page-html.ts, every value in it escaped already. */
  | { kind: "evidence"; itemId: string };

/** The values of one request that are not in the cached page. */
export interface PageValues {
  csrfToken: string;
  action: string;
  autosaveUrl: string;
  progress: Progress;
  /** The formatted date of the last save, or "" before the first one. */
  lastSavedOn: string;
  /** Each item's evidence list (escaped HTML, printed as is), for the items that have evidence. */
  evidenceLists?: ReadonlyMap<string, Handlebars.SafeString>;
}

/** Static HTML and holes alternating: `statics[0] hole[0] statics[1] … hole[n-1] statics[n]`. */
export interface Skeleton<H> {
  statics: string[];
  holes: H[];
  /** The statics as UTF-8, one after another, so a page is written straight into one buffer (see `fillSkeletonBytes`). */
  bytes: Buffer;
  /** Where hole i sits in `bytes` (the end of statics[i]). */
  offsets: number[];
}

// Letters and digits only, so Handlebars escaping and the translator's placeholders leave them intact; the random
// part (per process) means no respondent's text can spell one, and filled values are never scanned again anyway.
const NONCE = crypto.randomBytes(9).toString("hex");
const SENTINEL = new RegExp(`zz${NONCE}h(\\d+)zz`, "g");

/** Hands out sentinels for holes while a skeleton is rendered, then cuts the rendered HTML at them. */
export class HoleSet<H> {
  private readonly registered: H[] = [];

  hole(hole: H): string {
    this.registered.push(hole);
    return `zz${NONCE}h${this.registered.length - 1}zz`;
  }

  /** Every hole must appear in the HTML: one that does not means the template no longer prints that value. */
  split(html: string): Skeleton<H> {
    const statics: string[] = [];
    const holes: H[] = [];
    const seen = new Set<number>();
    let start = 0;
    for (const match of html.matchAll(SENTINEL)) {
      const index = Number(match[1]);
      statics.push(html.slice(start, match.index));
      holes.push(this.registered[index]);
      seen.add(index);
      start = match.index + match[0].length;
    }
    statics.push(html.slice(start));
    const missing = this.registered.filter((_, index) => !seen.has(index));
    if (missing.length) throw new Error(`page skeleton: ${missing.length} value(s) not printed by the template, e.g. ${JSON.stringify(missing[0])}`);
    const offsets: number[] = [];
    let at = 0;
    for (let i = 0; i < holes.length; i++) offsets.push((at += Buffer.byteLength(statics[i], "utf8")));
    return { statics, holes, bytes: Buffer.from(statics.join(""), "utf8"), offsets };
  }
}

/** The page with each hole's value, escaped exactly as `{{value}}` in the template would have been. */
export function fillSkeleton<H>(skeleton: Skeleton<H>, valueOf: (hole: H) => string | Handlebars.SafeString): string {
  const { statics, holes } = skeleton;
  let html = statics[0];
  for (let i = 0; i < holes.length; i++) html += Handlebars.escapeExpression(valueOf(holes[i]) as string) + statics[i + 1];
  return html;
}

/**
 * `fillSkeleton` as UTF-8 bytes, written once into one buffer: building the page as a string and then encoding it
 * (as `res.send` does with a string) costs about twice as much. Most holes of a page are empty (options not
 * chosen, comments not written), so the static bytes are copied in runs from one non-empty value to the next.
 */
export function fillSkeletonBytes<H>(skeleton: Skeleton<H>, valueOf: (hole: H) => string | Handlebars.SafeString): Buffer {
  const { bytes: statics, holes, offsets } = skeleton;
  const values: string[] = new Array(holes.length);
  let length = statics.length;
  for (let i = 0; i < holes.length; i++) {
    // A SafeString (an evidence list) is printed as is, as `{{value}}` prints it in the template.
    const value = Handlebars.escapeExpression(valueOf(holes[i]) as string);
    values[i] = value;
    if (value) length += Buffer.byteLength(value, "utf8");
  }
  const page = Buffer.allocUnsafe(length);
  let from = 0;
  let at = 0;
  for (let i = 0; i < holes.length; i++) {
    if (!values[i]) continue;
    page.set(statics.subarray(from, offsets[i]), at);
    at += offsets[i] - from;
    at += page.write(values[i], at, "utf8");
    from = offsets[i];
  }
  page.set(statics.subarray(from), at);
  return page;
}

/** The view model of a page with a hole in place of every value that depends on the answers. */
export function viewWithHoles(view: PageView, holes: HoleSet<PageHole>): PageView {
  return {
    ...view,
    items: view.items.map((item) => {
      const options = (field: "current" | "target" | "importance") =>
        item[field].map((option) => ({ ...option, checkedAttr: holes.hole({ kind: "checked", itemId: item.id, field, value: option.value }) }));
      return {
        ...item,
        current: options("current"),
        target: options("target"),
        importance: options("importance"),
        dontKnowAttr: holes.hole({ kind: "dontKnow", itemId: item.id }),
        notApplicableAttr: holes.hole({ kind: "notApplicable", itemId: item.id }),
        targetBelowAttr: holes.hole({ kind: "targetBelow", itemId: item.id }),
        comment: holes.hole({ kind: "comment", itemId: item.id }),
        evidenceList: holes.hole({ kind: "evidence", itemId: item.id }),
      };
    }),
  };
}

/** A hole's value for this request; the answer-dependent ones as `pageView` computes them. */
export function pageHoleValue(hole: PageHole, values: PageValues, answers: Map<string, ShownAnswer>): string | Handlebars.SafeString {
  switch (hole.kind) {
    case "csrfToken":
      return values.csrfToken;
    case "action":
      return values.action;
    case "autosaveUrl":
      return values.autosaveUrl;
    case "answered":
      return String(values.progress.answered);
    case "total":
      return String(values.progress.total);
    case "percent":
      return String(values.progress.percent);
    case "lastSavedOn":
      return values.lastSavedOn;
    case "checked": {
      const answer = answers.get(hole.itemId);
      return checkedAttr(answer?.kind === "answered" && answer[hole.field] === hole.value);
    }
    case "dontKnow":
      return checkedAttr(answers.get(hole.itemId)?.kind === "dontknow");
    case "notApplicable":
      return checkedAttr(answers.get(hole.itemId)?.kind === "na");
    case "comment":
      return answers.get(hole.itemId)?.comment ?? "";
    case "targetBelow":
      return targetBelowAttr(answers.get(hole.itemId));
    case "evidence":
      return values.evidenceLists?.get(hole.itemId) ?? "";
  }
}

export interface PageRequest {
  instrument: Instrument;
  pages: QuestionnairePage[];
  index: number;
  locale: string;
  /** The stored answers: which items are shown, and the checked states and comments. */
  answers: Map<string, StoredAnswer>;
  /** The number of the page's first item. */
  firstNumber: number;
  values: PageValues;
  /** The invitation token: it must never end up in a cached page (checked when one is made). */
  token: string;
  /** Renders the page in full through the view engine, for the given view model and values. */
  render: (view: PageView, values: PageValues) => string;
}

/** Skeletons kept (~40 KB each: the HTML and its bytes); beyond this the oldest go first, to be made again if asked. */
const MAX_SKELETONS = 500;

/** The cached questionnaire pages of one app (one view engine). */
export class QuestionnairePageSkeletons {
  // A page list stands for an instrument version and a set of levels (pagesFor returns the same list for them).
  private readonly pageListIds = new WeakMap<QuestionnairePage[], number>();
  private readonly skeletons = new Map<string, Skeleton<PageHole>>();
  private nextPageListId = 1;

  constructor(private readonly maxSkeletons = MAX_SKELETONS) {}

  /** The page's HTML as UTF-8: from the cached skeleton for its key, made (by one full render) if missing. */
  html(request: PageRequest): Buffer {
    const { pages, index, locale, answers, values } = request;
    const page = pages[index];
    // Hidden items are on the page (respond.js shows them when their condition becomes true), marked hidden.
    const hidden = hiddenItemIds(request.instrument, answers);
    const shownIds: string[] = [];
    for (const item of page.items) if (!hidden.has(item.id)) shownIds.push(item.id);
    let listId = this.pageListIds.get(pages);
    if (listId === undefined) this.pageListIds.set(pages, (listId = this.nextPageListId++));
    const conditions = pageConditionsKey(request.instrument, page, answers, hidden);
    const key = `${listId}\n${index}\n${locale}\n${values.lastSavedOn ? "saved" : "new"}\n${shownIds.join(" ")}\n${conditions}`;
    let skeleton = this.skeletons.get(key);
    if (!skeleton) {
      skeleton = this.make(request);
      if (this.skeletons.size >= this.maxSkeletons) this.skeletons.delete(this.skeletons.keys().next().value as string);
      this.skeletons.set(key, skeleton);
    }
    return fillSkeletonBytes(skeleton, (hole) => pageHoleValue(hole, values, answers));
  }

  private make({ instrument, pages, index, locale, answers, firstNumber, values, token, render }: PageRequest): Skeleton<PageHole> {
    const holes = new HoleSet<PageHole>();
    const view = viewWithHoles(pageView(instrument, pages[index], locale, answers, undefined, firstNumber), holes);
    // Sentinels stand for numbers in the progress bar; the translator and Handlebars print them as they print numbers.
    const progress = {
      answered: holes.hole({ kind: "answered" }),
      total: holes.hole({ kind: "total" }),
      percent: holes.hole({ kind: "percent" }),
    } as unknown as Progress;
    const html = render(view, {
      csrfToken: holes.hole({ kind: "csrfToken" }),
      action: holes.hole({ kind: "action" }),
      autosaveUrl: holes.hole({ kind: "autosaveUrl" }),
      progress,
      lastSavedOn: values.lastSavedOn ? holes.hole({ kind: "lastSavedOn" }) : "",
    });
    // The link is the respondent's credential: a page shared by everyone must not contain one.
    if (html.includes(token)) throw new Error("page skeleton: the invitation token is in the static part of the page");
    return holes.split(html);
  }
}
