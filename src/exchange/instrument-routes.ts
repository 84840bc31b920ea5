// XLSForm pages of instruments: export any instrument the app offers, import an XLSForm as a new instrument folder.
// A web import is written to <DATA_DIR>/imported-instruments/<id>/ (never into the running app's questionnaires/,
// which is reviewed source): see docs/exchange.md.
import path from "node:path";
import { z } from "zod";
import { recordAudit } from "../audit/service";
import { allowedTo } from "../auth/access";
import { can, type Actor } from "../auth/policy";
import type { AppContext } from "../context";
import { instrumentText } from "../questionnaires/i18n";
import { indexInstrument } from "../questionnaires/lookup";
import { NotFoundError } from "../errors";
import { definePage, render, type Page } from "../web/pages";
import { writeInstrumentFolder } from "./instrument-writer";
import { xlsFormOf } from "./xlsform-export";
import { readXlsForm, type XlsFormProblem } from "./xlsform-import";
import { XLSX_TYPE } from "./export-service";

export function importedInstrumentsDir(context: AppContext): string {
  return path.join(context.config.dataDir, "imported-instruments");
}

export function instrumentPages(context: AppContext): Page[] {
  const xlsformPage = (
    actor: Actor | undefined,
    locale: string,
    extra: { problems?: XlsFormProblem[]; warnings?: XlsFormProblem[]; imported?: { id: string; dir: string; items: number; background: number } } = {},
  ) =>
    render(
      "exchange/xlsform",
      {
        titleKey: "exchange.xlsform.title",
        instruments: context.instruments.list().map((i) => ({
          id: i.id,
          title: instrumentText(i, "instrument.title", locale),
          version: i.version.slice(0, 12),
          items: indexInstrument(i).counts.items,
        })),
        canImport: can(actor ?? null, "instrument.manage"),
        problems: context.translator.problems(locale, extra.problems ?? []),
        warnings: context.translator.problems(locale, extra.warnings ?? []),
        imported: extra.imported,
      },
      extra.problems?.length ? 400 : 200,
    );

  return [
    definePage({
      method: "get",
      path: "/instruments/xlsform",
      access: allowedTo("instrument.read"),
      handle: ({ actor, locale }) => xlsformPage(actor, locale),
    }),

    definePage({
      method: "get",
      path: "/instruments/:instrumentId/xlsform.xlsx",
      access: allowedTo("instrument.read"),
      params: z.object({ instrumentId: z.string() }),
      handle: async ({ res, params }) => {
        const instrument = context.instruments.current(params.instrumentId);
        if (!instrument) throw new NotFoundError({ key: "errors.instrument.notFound" });
        res.setHeader("Content-Disposition", `attachment; filename="${instrument.id}-xlsform.xlsx"`);
        res.type(XLSX_TYPE).send(await xlsFormOf(instrument, context.translator));
      },
    }),

    // Who uploads is checked before multer reads a byte of the body (definePage's `upload`).
    definePage({
      method: "post",
      path: "/instruments/xlsform",
      access: allowedTo("instrument.manage"),
      upload: true,
      body: z.object({ skipUnmappable: z.string().optional(), base: z.string().optional() }),
      handle: async ({ actor, req, locale, body }) => {
        if (!req.file)
          return xlsformPage(actor, locale, {
            problems: [{ sheet: "", row: 0, column: "file", message: context.translator.t(locale, "exchange.xlsform.noFile") }],
          });
        // A form without rating items takes those of an instrument the app offers, when one is chosen.
        const base = body.base ? context.instruments.current(body.base) : undefined;
        if (body.base && !base) throw new NotFoundError({ key: "errors.instrument.notFound" });
        const read = await readXlsForm(req.file.buffer, {
          base,
          limits: context.config.uploads,
          fileName: req.file.originalname,
          skipUnmappable: body.skipUnmappable === "1",
        });
        if (!read.ok) return xlsformPage(actor, locale, { problems: read.problems });
        const written = await writeInstrumentFolder(read.folder, importedInstrumentsDir(context));
        if (!written.ok) return xlsformPage(actor, locale, { problems: written.problems });
        recordAudit(context.database.db, {
          actor,
          action: "instrument.import",
          objectType: "instrument",
          objectId: read.folder.id,
          details: { version: written.instrument.version, items: read.folder.items },
          ip: req.ip ?? null,
        });
        return xlsformPage(actor, locale, {
          imported: { id: read.folder.id, dir: written.dir, items: read.folder.items, background: read.folder.background },
          warnings: read.warnings,
        });
      },
    }),
  ];
}
