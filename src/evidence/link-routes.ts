// Evidence through an invitation link (/r/<token>/evidence…): the page script attaches and removes evidence without
// leaving the page (JSON answers), and the respondent downloads their own files. Without JavaScript the questionnaire
// page's own form does the attaching and removing (responses/routes.ts); these routes only add to it.
import { Router, type NextFunction, type Request, type Response } from "express";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { renderUnavailable, resolveLink, type RespondentState } from "../responses/link-state";
import { saveAnswers } from "../responses/service";
import { evidenceListHtml } from "./page-html";
import { evidenceForItems } from "./repository";
import { evidenceDownload } from "./serve";
import {
  abandonEvidence,
  discardFile,
  EvidenceRefusal,
  evidenceStoreFor,
  ownEvidence,
  prepareEvidence,
  recordEvidence,
  releaseEvidence,
  removeEvidence,
} from "./service";
import { evidenceSubmissionsOf, evidenceUpload, type ReceivedFile } from "./middleware";

const state = (res: Response) => res.locals.respondent as RespondentState;

export function evidenceLinkRouter(context: AppContext): Router {
  const router = Router();
  const { database, translator } = context;

  router.param("token", (req: Request, res: Response, next: NextFunction, token: string) => {
    const resolved = resolveLink(context, req, res, token);
    if (!resolved) return renderUnavailable(res);
    res.locals.respondent = resolved;
    next();
  });

  const itemsOf = (res: Response) => new Set(state(res).pages.flatMap((p) => p.items.map((i) => i.id)));
  const listOf = (res: Response, itemId: string) => {
    const { invitation, token } = state(res);
    const locale = String(res.locals.locale);
    const rows = evidenceForItems(database, invitation.responseId, [itemId]).get(itemId);
    return evidenceListHtml(rows, `/r/${token}`, {
      remove: translator.t(locale, "respond.evidence.remove"),
      kilobytes: translator.t(locale, "respond.evidence.kilobytes", { size: "{size}" }),
      external: translator.t(locale, "respond.evidence.external"),
    });
  };
  const fail = (res: Response, error: unknown, itemId?: string) => {
    const appError = error instanceof EvidenceRefusal ? error.error : error;
    if (!(appError instanceof AppError)) throw error;
    const locale = String(res.locals.locale);
    res.status(appError.status).json({
      error: appError.shown ? translator.render(locale, appError.shown) : appError.message,
      itemId: error instanceof EvidenceRefusal ? error.itemId : itemId,
    });
  };

  // The page script's attach: one item's files, link and note, recorded at once (the response is created if needed).
  router.post("/r/:token/evidence", evidenceUpload(context.config.evidence), async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    const { invitation } = state(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const itemId = typeof body.item === "string" ? body.item : "";
    if (!itemsOf(res).has(itemId)) return res.status(400).json({ error: translator.t(String(res.locals.locale), "errors.evidence.item") });
    const [submission] = evidenceSubmissionsOf(body, (req.files as ReceivedFile[] | undefined) ?? [], [itemId]);
    let prepared;
    try {
      prepared = await prepareEvidence(context.config, [submission]);
    } catch (error) {
      return fail(res, error, itemId);
    }
    try {
      database.sqlite
        .transaction(() => {
          saveAnswers(database, invitation, [], { source: "form", now: context.clock() });
          recordEvidence(database, context.config, invitation, prepared, context.clock());
        })
        .immediate();
    } catch (error) {
      abandonEvidence(database, context.config, prepared);
      return fail(res, error, itemId);
    }
    releaseEvidence(context.config, prepared);
    res.json({ itemId, list: listOf(res, itemId) });
  });

  router.post("/r/:token/evidence/:evidenceId/remove", (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    const { invitation } = state(res);
    let row;
    try {
      row = database.sqlite.transaction(() => removeEvidence(database, invitation, Number(req.params.evidenceId))).immediate();
    } catch (error) {
      return fail(res, error);
    }
    discardFile(database, context.config, row);
    res.json({ itemId: row.itemId, list: listOf(res, row.itemId) });
  });

  router.get("/r/:token/evidence/:evidenceId", (req, res) => {
    const row = ownEvidence(database, state(res).invitation, Number(req.params.evidenceId));
    const download = evidenceDownload(row, evidenceStoreFor(context.config));
    res.status(200).set(download.headers);
    download.body.pipe(res);
  });

  return router;
}
