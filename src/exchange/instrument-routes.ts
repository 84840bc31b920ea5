// XLSForm pages of instruments: export any instrument the app offers, import an XLSForm as a new instrument folder.
// A web import is written to <DATA_DIR>/imported-instruments/<id>/ (never into the running app's questionnaires/,
// which is reviewed source): see docs/exchange.md.
import path from "node:path";
import type { Request, RequestHandler, Response, Router } from "express";
import { recordAudit } from "../audit/service";
import { authorize, can } from "../auth/policy";
import type { AppContext } from "../context";
import { instrumentText } from "../questionnaires/i18n";
import { indexInstrument } from "../questionnaires/lookup";
import { NotFoundError } from "../errors";
import { writeInstrumentFolder } from "./instrument-writer";
import { xlsFormOf } from "./xlsform-export";
import { readXlsForm, type XlsFormProblem } from "./xlsform-import";
import { XLSX_TYPE } from "./export-service";

export function importedInstrumentsDir(context: AppContext): string {
  return path.join(context.config.dataDir, "imported-instruments");
}

export function instrumentRoutes(router: Router, context: AppContext, upload: RequestHandler): void {
  const render = (req: Request, res: Response, extra: { problems?: XlsFormProblem[]; imported?: { id: string; dir: string; items: number } } = {}) => {
    const locale = res.locals.locale as string;
    res.status(extra.problems?.length ? 400 : 200).render("exchange/xlsform", {
      titleKey: "exchange.xlsform.title",
      instruments: context.instruments.list().map((i) => ({
        id: i.id,
        title: instrumentText(i, "instrument.title", locale),
        version: i.version.slice(0, 12),
        items: indexInstrument(i).counts.items,
      })),
      canImport: can(req.actor ?? null, "instrument.manage"),
      problems: context.translator.problems(locale, extra.problems ?? []),
      imported: extra.imported,
    });
  };

  router.get("/instruments/xlsform", (req, res) => {
    authorize(req.actor ?? null, "instrument.read");
    render(req, res);
  });

  router.get("/instruments/:instrumentId/xlsform.xlsx", async (req, res) => {
    authorize(req.actor ?? null, "instrument.read");
    const instrument = context.instruments.current(String(req.params.instrumentId));
    if (!instrument) throw new NotFoundError({ key: "errors.instrument.notFound" });
    res.setHeader("Content-Disposition", `attachment; filename="${instrument.id}-xlsform.xlsx"`);
    res.type(XLSX_TYPE).send(await xlsFormOf(instrument, context.translator));
  });

  // Who uploads is checked before multer reads a byte of the body.
  const mayImport: RequestHandler = (req, _res, next) => {
    authorize(req.actor ?? null, "instrument.manage");
    next();
  };
  router.post("/instruments/xlsform", mayImport, upload, async (req, res) => {
    const actor = authorize(req.actor ?? null, "instrument.manage");
    if (!req.file)
      return render(req, res, {
        problems: [{ sheet: "", row: 0, column: "file", message: context.translator.t(res.locals.locale, "exchange.xlsform.noFile") }],
      });
    const read = await readXlsForm(req.file.buffer, context.config.uploads);
    if (!read.ok) return render(req, res, { problems: read.problems });
    const written = await writeInstrumentFolder(read.folder, importedInstrumentsDir(context));
    if (!written.ok) return render(req, res, { problems: written.problems });
    recordAudit(context.database.db, {
      actor,
      action: "instrument.import",
      objectType: "instrument",
      objectId: read.folder.id,
      details: { version: written.instrument.version, items: read.folder.items },
      ip: req.ip ?? null,
    });
    render(req, res, { imported: { id: read.folder.id, dir: written.dir, items: read.folder.items } });
  });
}
