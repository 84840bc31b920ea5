// Reference data: the instruments the app offers and the countries assessments are made of.
import { z } from "zod";
import type { Instrument } from "../../questionnaires/schema";
import type { InstrumentCatalog } from "../../questionnaires/catalog";
import { NotFoundError } from "../../errors";
import { keyPageQuery, pageOfList } from "../../pagination";
import { defineOperation } from "../registry";

function instrumentSummary(catalog: InstrumentCatalog, instrument: Instrument) {
  return {
    id: instrument.id,
    version: instrument.version,
    title: instrument.title,
    description: instrument.description,
    sourceLanguage: instrument.sourceLanguage,
    languages: catalog.languagesOf(instrument),
    levels: instrument.levels.map((level) => ({
      id: level.id,
      title: level.title,
      dimensions: level.dimensions.map((d) => ({ id: d.id, title: d.title, items: d.items.length })),
    })),
  };
}

export const referenceOperations = [
  defineOperation({
    method: "get",
    path: "/instruments",
    operationId: "listInstruments",
    tag: "Reference data",
    summary: "List the instruments",
    description: "The questionnaires assessments can be created with, in their current version, with their levels and dimensions.",
    access: { kind: "action", action: "instrument.read" },
    query: keyPageQuery,
    response: { status: 200, schema: "InstrumentPage", description: "A page of instruments, ordered by id." },
    handle: ({ context, query }) => {
      const page = pageOfList(context.instruments.list(), query, (i) => i.id);
      return { data: page.data.map((i) => instrumentSummary(context.instruments, i)), nextCursor: page.nextCursor };
    },
  }),
  defineOperation({
    method: "get",
    path: "/instruments/{instrumentId}",
    operationId: "getInstrument",
    tag: "Reference data",
    summary: "Read an instrument",
    description: "The whole current version of an instrument: levels, dimensions, items with their anchors, scale, actions and translations.",
    access: { kind: "action", action: "instrument.read" },
    params: z.object({ instrumentId: z.string().meta({ description: "The instrument's id, such as digital-government." }) }),
    response: { status: 200, schema: "Instrument", description: "The instrument." },
    handle: ({ context, params }) => {
      const instrument = context.instruments.current(params.instrumentId);
      if (!instrument) throw new NotFoundError("There is no such instrument.");
      return instrument;
    },
  }),
  defineOperation({
    method: "get",
    path: "/countries",
    operationId: "listCountries",
    tag: "Reference data",
    summary: "List the countries",
    // Reference data that anyone who may list assessments needs to read them (and to create one).
    description: "UN member and observer States with their M49 region and sub-region and their LDC, LLDC and SIDS membership.",
    access: { kind: "action", action: "assessment.list" },
    query: keyPageQuery,
    response: { status: 200, schema: "CountryPage", description: "A page of countries, ordered by ISO 3166-1 alpha-3 code." },
    handle: ({ context, query }) => pageOfList(context.countries.all(), query, (c) => c.iso3),
  }),
];
