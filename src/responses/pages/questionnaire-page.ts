// A questionnaire page at /r/<token>/p/<dimension>: shown (from the cached page skeleton, filled per request:
// page-skeleton.ts) and posted (answers saved, then the next page, the same page with its errors, or the review).
// The respondents' hot path (docs/decisions/007-respondent-hot-path.md): everything per language or per page is
// computed once, when the router is built or on first use, never per request.
import type { Response, Router } from "express";
import { z } from "zod";
import { prepareSecurityLocals } from "../../auth/middleware";
import type { AppContext } from "../../context";
import { NotFoundError } from "../../errors";
import { formatDate } from "../../i18n/format";
import { renderView } from "../../web/views";
import { QuestionnairePageSkeletons, type PageValues } from "../page-skeleton";
import { hiddenItemIds, pageView, type PageView, type ShownAnswer } from "../questionnaire";
import { loadAnswerStates, type StoredAnswer } from "../repository";
import { parseAnswerFields } from "../schemas";
import { saveAnswers } from "../service";
import { linkState, renderSummary, type LinkPageView } from "./common";
import Handlebars from "handlebars";
import { acceptedExtensions } from "../../evidence/detect";
import { megabytes } from "../../evidence/limits";
import { evidenceListHtml } from "../../evidence/page-html";
import { evidenceForItems } from "../../evidence/repository";
import {
  abandonEvidence,
  discardFile,
  EvidenceRefusal,
  prepareEvidence,
  recordEvidence,
  releaseEvidence,
  removeEvidence,
  type PreparedEvidence,
} from "../../evidence/service";
import { evidenceSubmissionsOf, evidenceUpload, type ReceivedFile } from "../../evidence/middleware";

/** The interface words repeated for every item of a page: translated once per language, not once per item. */
const ITEM_LABEL_KEYS = {
  current: "respond.item.current",
  dontKnow: "respond.item.dontKnow",
  notApplicable: "respond.item.notApplicable",
  target: "respond.item.target",
  targetHint: "respond.item.targetHint",
  targetBelow: "respond.item.targetBelow",
  importance: "respond.item.importance",
  comment: "respond.item.comment",
  evidence: "respond.evidence.summary",
  evidenceHint: "respond.evidence.hint",
  evidenceFile: "respond.evidence.file",
  evidenceLink: "respond.evidence.link",
  evidenceNote: "respond.evidence.note",
  evidenceAttach: "respond.evidence.attach",
  evidenceRemove: "respond.evidence.remove",
  evidenceKilobytes: "respond.evidence.kilobytes",
  evidenceExternal: "respond.evidence.external",
} as const;

/** The labels worded for the individual on individual-level pages (catalogue key + ".individual"). */
const INDIVIDUAL_LABEL_KEYS = new Set<string>([ITEM_LABEL_KEYS.target, ITEM_LABEL_KEYS.targetHint, ITEM_LABEL_KEYS.targetBelow]);

const EVIDENCE_ACCEPT = acceptedExtensions.join(",");

/** The page's conditional items the respondent saw shown (space-separated ids), as the form sends them back. */
const shownFieldSchema = z.string().max(20_000, "_shown: too long").optional();

export function registerQuestionnairePages(router: Router, context: AppContext, linkPage: (res: Response) => LinkPageView): void {
  const { translator } = context;

  // Individual-level items ask about the respondent's own work, not their country or organisation: their target's
  // label and hint come from the catalogue's `.individual` entries.
  const itemLabelsByLocale = new Map<string, Record<keyof typeof ITEM_LABEL_KEYS, string>>();
  const itemLabels = (locale: string, levelId?: string) => {
    const isIndividual = levelId === "individual";
    const cacheKey = isIndividual ? `${locale}\nindividual` : locale;
    let labels = itemLabelsByLocale.get(cacheKey);
    if (!labels) {
      // The evidence hint names the configured limits; "{size}" stays a placeholder, filled per file.
      const params = { limit: megabytes(context.config.evidence.maxFileBytes), count: context.config.evidence.maxFilesPerResponse, size: "{size}" };
      const keyFor = (key: string) => (isIndividual && INDIVIDUAL_LABEL_KEYS.has(key) ? `${key}.individual` : key);
      labels = Object.fromEntries(Object.entries(ITEM_LABEL_KEYS).map(([name, key]) => [name, translator.t(locale, keyFor(key), params)])) as Record<
        keyof typeof ITEM_LABEL_KEYS,
        string
      >;
      itemLabelsByLocale.set(cacheKey, labels);
    }
    return labels;
  };

  const findPage = (res: Response, dimensionId: string) => {
    const { pages } = linkState(res);
    const index = pages.findIndex((p) => p.dimension.id === dimensionId);
    if (index < 0) throw new NotFoundError({ key: "errors.respond.pageNotFound" });
    return { page: pages[index], index };
  };

  // What the page template reads, besides the layout's locale, dir and CSRF token: the same for the full render and
  // for the cached page with holes (page-skeleton.ts), which passes sentinels as the view, the values and the token.
  const pageLocals = (c: LinkPageView, index: number, view: PageView, values: Omit<PageValues, "csrfToken">, errors?: Record<string, string>) => ({
    title: view.title,
    respondentMode: true,
    scripts: ["/assets/respond.js"],
    page: view,
    itemLabels: itemLabels(c.locale, c.pages[index].levelId),
    fallbackNotice: c.fallbackNotice,
    pageNumber: index + 1,
    pageCount: c.pages.length,
    isLastPage: index === c.pages.length - 1,
    progress: values.progress,
    action: values.action,
    autosaveUrl: values.autosaveUrl,
    lastSavedOn: values.lastSavedOn,
    evidenceAccept: EVIDENCE_ACCEPT,
    errorSummary: errors ? Object.entries(errors).map(([field, message]) => ({ field, message, href: `#item-${field.split(".").slice(1).join(".")}` })) : [],
  });

  const skeletons = new QuestionnairePageSkeletons();

  /** Each item's evidence list on the page: only the page's items are read, and only once the response exists. */
  const evidenceListsOf = (c: LinkPageView, itemIds: string[]) => {
    const lists = new Map<string, Handlebars.SafeString>();
    if (c.invitation.responseId === null) return lists;
    const labels = itemLabels(c.locale);
    const listLabels = { remove: labels.evidenceRemove, kilobytes: labels.evidenceKilobytes, external: labels.evidenceExternal };
    for (const [itemId, rows] of evidenceForItems(context.database, c.invitation.responseId, itemIds))
      lists.set(itemId, new Handlebars.SafeString(evidenceListHtml(rows, c.base, listLabels)));
    return lists;
  };

  const renderPage = (
    res: Response,
    dimensionId: string,
    overrides?: { answers: Map<string, ShownAnswer>; errors: Record<string, string>; shownErrors?: Record<string, string> },
  ) => {
    const c = linkPage(res);
    if (!c.isOpen) return renderSummary(res, c);
    const { page, index } = findPage(res, dimensionId);
    const firstNumber = 1 + c.pages.slice(0, index).reduce((n, p) => n + p.items.length, 0);
    const values: Omit<PageValues, "csrfToken"> = {
      action: `${c.base}/p/${page.dimension.id}`,
      autosaveUrl: `${c.base}/autosave`,
      progress: c.progress,
      lastSavedOn: formatDate(c.locale, c.invitation.updatedAt),
      evidenceLists: evidenceListsOf(
        c,
        page.items.map((i) => i.id),
      ),
    };
    // The common case — a page as stored, no errors to show — is filled into the cached page; a page re-shown with
    // errors, or any page while the view cache is off (development: template edits show at once), renders in full.
    if (!overrides && res.app.enabled("view cache")) {
      prepareSecurityLocals(res);
      const csrfToken = res.locals.csrfToken as string;
      // Respondents see neither flash messages nor a signed-in user; should one ever be there, render in full.
      if (!(res.locals.flash as unknown[] | undefined)?.length && !res.locals.currentUser) {
        const html = skeletons.html({
          instrument: c.instrument,
          pages: c.pages,
          index,
          locale: c.locale,
          answers: c.answers,
          firstNumber,
          values: { ...values, csrfToken },
          token: c.token,
          render: (view, holes) =>
            renderView(res.app, "respond/page", {
              locale: res.locals.locale,
              dir: res.locals.dir,
              ...pageLocals(c, index, view, holes),
              csrfToken: holes.csrfToken,
            }),
        });
        // Written as res.send would write it (without its type look-up and freshness check, which a page with no
        // ETag or date never passes): a Buffer body gets the type a string body gets.
        res.statusCode = 200;
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.setHeader("Content-Length", html.length);
        res.end(html);
        return;
      }
    }
    const shown = new Map<string, ShownAnswer>(c.answers);
    for (const [itemId, answer] of overrides?.answers ?? []) shown.set(itemId, answer);
    // The answer schema speaks English (it is shared with imports and the API); respondents read it translated.
    const errors = overrides?.errors ? { ...translator.fields(c.locale, overrides.errors), ...overrides.shownErrors } : undefined;
    const full = pageView(c.instrument, page, c.locale, shown as Map<string, StoredAnswer>, errors, firstNumber);
    const view = { ...full, items: full.items.map((item) => ({ ...item, evidenceList: values.evidenceLists?.get(item.id) ?? "" })) };
    res.status(errors && Object.keys(errors).length ? 400 : 200).render("respond/page", pageLocals(c, index, view, values, errors));
  };

  router.get("/r/:token/p/:dimensionId", (req, res) => renderPage(res, String(req.params.dimensionId)));

  router.post("/r/:token/p/:dimensionId", evidenceUpload(context.config.evidence), async (req, res) => {
    const { database } = context;
    const c = linkPage(res);
    if (!c.isOpen) return renderSummary(res, c, 409);
    const { page, index } = findPage(res, String(req.params.dimensionId));
    const allowed = new Set(page.items.map((i) => i.id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { answers, errors, rejected } = parseAnswerFields(body, allowed);
    // Evidence sent with the page (files, links, notes; a Remove button) is checked and its files stored first; the
    // rows are then written in the same transaction as the answers. A refused piece of evidence keeps nothing of the
    // evidence sent, but the valid answers are saved all the same and the page says what was refused, where.
    const intent = String(body.intent ?? "next");
    const removeId = /^remove:(\d{1,15})$/.exec(intent)?.[1];
    const submissions = evidenceSubmissionsOf(
      body,
      (req.files as ReceivedFile[] | undefined) ?? [],
      page.items.map((i) => i.id),
    );
    let prepared: PreparedEvidence = { rows: [], digests: [] };
    const shownErrors: Record<string, string> = {};
    const refuse = (refusal: EvidenceRefusal) => {
      shownErrors[`evidence.${refusal.itemId}`] = refusal.error.shown ? translator.render(c.locale, refusal.error.shown) : refusal.error.message;
    };
    try {
      prepared = await prepareEvidence(context.config, submissions);
    } catch (error) {
      if (!(error instanceof EvidenceRefusal)) throw error;
      refuse(error);
    }
    let removed: { sha256: string | null; itemId: string } | undefined;
    // A post with nothing valid in it writes nothing (not even "last seen on this page"): a refusal changes no data.
    try {
      if (answers.length || !Object.keys(errors).length || prepared.rows.length || removeId)
        database.sqlite
          .transaction(() => {
            saveAnswers(database, c.invitation, answers, { source: "form", now: context.clock(), lastPage: page.dimension.id });
            try {
              database.sqlite.transaction(() => {
                recordEvidence(database, context.config, c.invitation, prepared, context.clock());
                if (removeId) removed = removeEvidence(database, c.invitation, Number(removeId));
              })();
            } catch (error) {
              if (!(error instanceof EvidenceRefusal)) throw error;
              refuse(error);
            }
          })
          .immediate();
    } finally {
      if (Object.keys(shownErrors).length) abandonEvidence(database, context.config, prepared);
      else releaseEvidence(context.config, prepared);
    }
    if (removed) discardFile(database, context.config, removed);
    if (Object.keys(errors).length || Object.keys(shownErrors).length) {
      const sent = new Map<string, ShownAnswer>();
      for (const a of [...answers, ...rejected]) sent.set(a.itemId, { ...a, kind: a.kind === "blank" ? "answered" : a.kind });
      return renderPage(res, page.dimension.id, { answers: sent, errors, shownErrors });
    }
    const attached = /^attach:(.+)$/.exec(intent)?.[1];
    if (attached !== undefined || removeId) {
      const itemId = attached !== undefined && allowed.has(attached) ? attached : removed?.itemId;
      return res.redirect(303, `${c.base}/p/${page.dimension.id}${itemId ? `#item-${itemId}` : ""}`);
    }
    if (intent === "later") return res.redirect(303, `${c.base}/saved`);
    // A save that shows or hides a follow-up on this page comes back to it, now with the items that apply (without
    // JavaScript the respondent has not seen them yet; with it, respond.js has already shown them and says so in _shown).
    const conditional = page.items.filter((i) => i.relevance !== undefined);
    if (conditional.length) {
      const sent = shownFieldSchema.safeParse(req.body?._shown);
      const hiddenBefore = hiddenItemIds(c.instrument, c.answers);
      const before = new Set(
        sent.success && sent.data !== undefined ? sent.data.split(/\s+/) : conditional.filter((i) => !hiddenBefore.has(i.id)).map((i) => i.id),
      );
      const hiddenAfter = hiddenItemIds(c.instrument, loadAnswerStates(context.database, c.invitation.responseId));
      const after = conditional.filter((i) => !hiddenAfter.has(i.id)).map((i) => i.id);
      const appeared = after.find((id) => !before.has(id));
      if (appeared !== undefined || after.length !== conditional.filter((i) => before.has(i.id)).length)
        return res.redirect(303, `${c.base}/p/${page.dimension.id}${appeared !== undefined ? `#item-${appeared}` : ""}`);
    }
    if (intent === "back") return res.redirect(303, index > 0 ? `${c.base}/p/${c.pages[index - 1].dimension.id}` : c.base);
    if (intent === "review" || index === c.pages.length - 1) return res.redirect(303, `${c.base}/review`);
    res.redirect(303, `${c.base}/p/${c.pages[index + 1].dimension.id}`);
  });
}
