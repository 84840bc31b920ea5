// The PDF report, drawn from the report model (the same model and chart definitions as the HTML page, so the two
// never disagree): cover, contents with page numbers and bookmarks, executive summary, one section per level,
// ranked gaps, recommendations and roadmap, progress and peers when there are any, response rates, comments when
// asked for, and the methodology annex. Every page gets a running footer with its number.
import PDFDocument from "pdfkit";
import { formatDate, formatNumber, formatPercent } from "../../i18n/format";
import type { Translator } from "../../i18n/translate";
import { chartLabels } from "../chart-labels";
import { levelRadar, peerChart, progressChart, rankedGapsChart, type ChartDefinition } from "../charts";
import { hasPeerComparison, type ReportDimension, type ReportModel } from "../model";
import { ChartPainter } from "./charts";
import { type Cell, type Column, Flow, page, palette } from "./document";
import { DocumentFonts } from "./fonts";
import { cleanText } from "./sanitize";
import { type TextStyle, Typesetter } from "./typesetter";

export interface PdfOptions {
  translator: Translator;
  /** Respondents' comments are printed only when the reader may see them and asked for them. */
  includeComments?: boolean;
}

type Severity = NonNullable<ReportDimension["severity"]>;

/** Light backgrounds for severity cells; the cell also names the severity, so nothing depends on the colour. */
const severityFill: Record<Severity, string> = {
  critical: "#f4c7c3",
  high: "#fbdcbf",
  moderate: "#fcefc2",
  low: "#dcefd9",
  none: "#eceff3",
};

export async function renderReportPdf(model: ReportModel, options: PdfOptions): Promise<Buffer> {
  const { translator } = options;
  const language = model.meta.language;
  const t = (key: string, params?: Record<string, unknown>) => translator.t(language, key, params);
  const num = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? "—" : formatNumber(language, value, digits));
  const percent = (ratio: number | null) => (ratio === null ? "—" : formatPercent(language, ratio));
  const rtl = model.meta.direction === "rtl";
  const meta = model.meta;
  const title = meta.organisation ? t("report.organisationTitle", { organisation: meta.organisation.name }) : t("report.title", { country: meta.countryName });

  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    lang: language,
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: cleanText(title),
      Author: cleanText(t("pdf.author", { instrument: meta.instrumentTitle })),
      Subject: cleanText(t("pdf.subject", { country: meta.countryName, round: meta.roundLabel })),
      Keywords: cleanText(`${meta.countryIso3}, ${meta.instrumentId} ${meta.instrumentVersion}, ${meta.roundLabel}`),
      Creator: "Capacity Needs Assessment",
      CreationDate: new Date(meta.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const fonts = new DocumentFonts(doc);
  const ts = new Typesetter(doc, fonts, rtl);
  const flow = new Flow(doc, ts);
  const painter = new ChartPainter(doc, ts, (v) => num(v));
  const labels = chartLabels(translator, language);
  const severityCell = (severity: Severity | null): Cell => (severity ? { text: t(`severity.${severity}`), fill: severityFill[severity] } : { text: "—" });
  const levelTitle = new Map(model.levels.map((l) => [l.id, l.title]));
  const statusNote = (status: string) => t(`report.cell.${status}`, { k: meta.minGroupSize });

  /**
   * A chart with its title and text summary. A bar chart too long for the room left goes on in parts, each with
   * its axis and legend, so a chart never runs over the footer (progress and peers have a bar per dimension).
   */
  const chart = (definition: ChartDefinition | null) => {
    if (!definition) return;
    const caption = ts.layout(definition.title, { size: 9.5, weight: "bold" }, flow.width);
    const summary = ts.layout(definition.summary, { size: 8, color: palette.muted, leading: 1.5 }, flow.width);
    const part = (from: number, to: number): ChartDefinition => ({ ...definition, labels: definition.labels.slice(from, to), datasets: definition.datasets.map((d) => ({ ...d, data: d.data.slice(from, to) })) });
    const rows = definition.labels.length;
    const bars = definition.type === "bar" ? painter.barRows(definition, flow.width) : null;
    const partHeight = (from: number, to: number) => (bars ? bars.frame + bars.rows.slice(from, to).reduce((a, b) => a + b, 0) : painter.height(definition, flow.width));
    let from = 0;
    let first = true;
    while (from < rows) {
      const head = first ? caption.height + 6 : 0;
      const room = flow.bottom - flow.y - head - 4;
      let to = rows;
      if (definition.type === "bar") {
        while (to > from + 1 && partHeight(from, to) + (to === rows ? summary.height + 8 : 0) > room) to--;
        // Fewer than four bars not fitting: start on a fresh page instead.
        if (partHeight(from, to) > room || (to < rows && to - from < 4)) {
          if (flow.y > page.top) {
            flow.newPage();
            continue;
          }
        }
      } else if (partHeight(0, rows) + summary.height + 8 > room && flow.y > page.top) {
        flow.newPage();
        continue;
      }
      if (first) {
        ts.draw(caption, flow.left, flow.y, flow.width, "start");
        flow.y += caption.height + 6;
      }
      const drawn = part(from, to);
      flow.y += painter.draw(drawn, flow.left, flow.y, flow.width) + 4;
      from = to;
      first = false;
      if (from < rows) flow.newPage();
    }
    ts.draw(summary, flow.left, flow.y, flow.width, "start");
    flow.y += summary.height + 10;
  };

  /** A text on one line, shortened with an ellipsis when it is too long (the running footer). */
  const oneLine = (text: string, style: TextStyle, width: number) => {
    const clean = cleanText(text);
    let block = ts.layout(clean, style, Number.POSITIVE_INFINITY);
    if (block.width <= width) return block;
    const chars = [...clean];
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (ts.widthOf(`${chars.slice(0, middle).join("").trimEnd()}…`, style) <= width) low = middle;
      else high = middle - 1;
    }
    block = ts.layout(`${chars.slice(0, low).join("").trimEnd()}…`, style, Number.POSITIVE_INFINITY);
    return block;
  };

  // ---- cover -----------------------------------------------------------------------------------------------------
  flow.newPage();
  const coverTitle = ts.layout(title, { size: 26, weight: "bold", color: "#ffffff", leading: 4 }, flow.width);
  const coverSubtitle = ts.layout(meta.instrumentTitle, { size: 13, color: "#d7e6f0" }, flow.width);
  // The band grows with a long title (a long country or organisation name) rather than letting it run off the page.
  const band = Math.max(250, 90 + coverTitle.height + coverSubtitle.height + 24);
  doc.save().rect(0, 0, page.width, band).fill(palette.band).restore();
  ts.draw(coverTitle, flow.left, band - 10 - coverTitle.height - coverSubtitle.height - 14, flow.width, "start");
  ts.draw(coverSubtitle, flow.left, band - 10 - coverSubtitle.height - 6, flow.width, "start");
  flow.y = band + 40;
  const coverFacts: [string, string][] = [
    [t("pdf.country"), meta.countryName],
    ...(meta.organisation ? [[t("invitations.organisation"), meta.organisation.name] as [string, string]] : []),
    [t("pdf.instrument"), `${meta.instrumentTitle} (${meta.instrumentVersion.slice(0, 12)})`],
    [t("report.round"), meta.roundLabel],
    [t("pdf.date"), formatDate(language, meta.generatedAt)],
    [t("pdf.status"), t(`status.${meta.status}`)],
    ...(meta.dataDate ? [[t("pdf.dataDate"), formatDate(language, meta.dataDate)] as [string, string]] : []),
  ];
  for (const [label, value] of coverFacts) {
    const labelBlock = ts.layout(label, { size: 10.5, color: palette.muted }, 140);
    const valueBlock = ts.layout(value, { size: 12, weight: "bold" }, flow.width - 150);
    ts.draw(labelBlock, flow.boxX(0, 140), flow.y + 1.5, 140, "start");
    ts.draw(valueBlock, flow.boxX(150, flow.width - 150), flow.y, flow.width - 150, "start");
    flow.y += Math.max(labelBlock.height, valueBlock.height) + 10;
  }
  flow.space(16);
  if (meta.isDraft) flow.paragraph(t("report.draftNotice"), { size: 10, weight: "bold", color: "#9a3412" });
  if (meta.isDemo) flow.paragraph(t("assessments.demoNotice"), { size: 10, color: "#9a3412" });

  // ---- contents (filled in at the end, when page numbers are known) ------------------------------------------------
  const plannedSections = [
    t("pdf.executiveSummary"),
    ...model.levels.map((l) => l.title),
    t("report.rankedGaps"),
    t("report.recommendations"),
    ...(model.progress ? [t("report.progress")] : []),
    ...(model.peers ? [t("report.peers")] : []),
    t("report.responseRates"),
    ...(options.includeComments && model.comments.length > 0 ? [t("report.comments")] : []),
    t("pdf.annex"),
  ];
  const contentsEntryHeight = (text: string) => ts.layout(text, { size: 11 }, flow.width - 60).height + 7;
  const contentsHeight = 40 + plannedSections.reduce((h, s) => h + contentsEntryHeight(s), 0) + model.levels.length * 0;
  const contentsPages = Math.max(1, Math.ceil(contentsHeight / (flow.bottom - page.top)));
  const contentsFirstPage = flow.currentPage + 1;
  for (let i = 0; i < contentsPages; i++) flow.newPage();

  // ---- executive summary ---------------------------------------------------------------------------------------
  flow.newPage();
  flow.heading(t("pdf.executiveSummary"), 0);
  {
    const boxWidth = 150;
    const label = ts.layout(t("report.overallIndex"), { size: 10, weight: "bold", color: "#ffffff" }, boxWidth - 20);
    const value = ts.layout(meta.organisation || model.overall.index !== null ? num(model.overall.index, 0) : "—", { size: 30, weight: "bold", color: "#ffffff" }, boxWidth - 20);
    const scale = ts.layout(t("report.indexScale"), { size: 7.5, color: "#d7e6f0" }, boxWidth - 20);
    const boxHeight = label.height + value.height + scale.height + 24;
    const summaryLines = [
      t("report.respondentsLine", { respondents: meta.respondents }) + (meta.dataDate ? ` ${t("report.dataDate")} ${formatDate(language, meta.dataDate)}.` : ""),
      `${t("progress.rate")}: ${percent(model.responseRates.overall.rate)} — ${t("progress.overall", { submitted: model.responseRates.overall.submitted, invited: model.responseRates.overall.invited })}.`,
      ...(model.responseRates.overall.lowResponse ? [t("progress.lowResponse")] : []),
      ...(model.overall.status !== "scored" ? [statusNote(model.overall.status)] : []),
    ];
    const textWidth = flow.width - boxWidth - 18;
    const blocks = summaryLines.map((line) => ts.layout(line, { size: 10, leading: 2.5 }, textWidth));
    flow.ensure(boxHeight);
    const top = flow.y;
    const boxX = flow.boxX(0, boxWidth);
    doc.save().roundedRect(boxX, top, boxWidth, boxHeight, 4).fill(palette.band).restore();
    ts.draw(label, boxX + 10, top + 10, boxWidth - 20, "start");
    ts.draw(value, boxX + 10, top + 12 + label.height, boxWidth - 20, "start");
    ts.draw(scale, boxX + 10, top + 14 + label.height + value.height, boxWidth - 20, "start");
    let textY = top + 4;
    for (const block of blocks) {
      ts.draw(block, flow.boxX(boxWidth + 18, textWidth), textY, textWidth, "start");
      textY += block.height + 6;
    }
    flow.y = Math.max(top + boxHeight, textY) + 14;
  }
  const indexColumns: Column[] = [
    { header: t("report.level"), width: 4 },
    { header: t("pdf.index"), width: 1.3, align: "end" },
    { header: t("pdf.targetIndex"), width: 1.5, align: "end" },
    { header: t("report.gap"), width: 1.2, align: "end" },
    { header: t("report.n"), width: 1.5, align: "end" },
  ];
  flow.table(
    indexColumns,
    model.levels.map((l): Cell[] =>
      l.status === "scored"
        ? [{ text: l.title, weight: "bold" }, { text: num(l.index, 0), weight: "bold" }, { text: num(l.targetIndex, 0) }, { text: num(l.gap) }, { text: String(l.respondents ?? "—") }]
        : [{ text: l.title, weight: "bold" }, { text: statusNote(l.status), color: palette.muted, span: 4 }],
    ),
    { caption: t("pdf.levelIndices") },
  );
  const topFive = model.rankedDimensions.slice(0, 5);
  if (topFive.length > 0) {
    flow.table(
      [
        { header: t("report.rank"), width: 0.8, align: "center" },
        { header: t("report.dimension"), width: 4 },
        { header: t("report.level"), width: 2.2 },
        { header: t("report.gap"), width: 1, align: "end" },
        { header: t("report.priority"), width: 1.2, align: "end" },
        { header: t("report.severity"), width: 1.5, align: "center" },
      ],
      topFive.map((d) => [{ text: String(d.rank ?? "—") }, { text: d.title }, { text: levelTitle.get(d.levelId) ?? d.levelId }, { text: num(d.gap) }, { text: num(d.priority), weight: "bold" }, severityCell(d.severity)]),
      { caption: t("pdf.topGaps") },
    );
  } else {
    flow.paragraph(t("report.noData"), { size: 10, color: palette.muted });
  }

  // ---- one section per level ----------------------------------------------------------------------------------
  const dimensionColumns: Column[] = [
    { header: t("report.dimension"), width: 4.2 },
    { header: t("report.current"), width: 1.25, align: "end" },
    { header: t("report.target"), width: 1.25, align: "end" },
    { header: t("report.gap"), width: 1.1, align: "end" },
    { header: t("report.priority"), width: 1.25, align: "end" },
    { header: t("report.severity"), width: 1.5, align: "center" },
    { header: t("report.n"), width: 1.5, align: "end" },
    { header: t("report.interval"), width: 1.8, align: "center" },
    ...(meta.organisation ? [{ header: t("report.national"), width: 1.3, align: "end" } as Column] : []),
  ];
  for (const level of model.levels) {
    flow.newPage();
    flow.heading(level.title, 0);
    if (level.description) flow.paragraph(level.description, { size: 9.5, color: palette.muted });
    flow.paragraph(
      level.status === "scored" ? `${t("pdf.index")}: ${num(level.index, 0)} · ${t("pdf.targetIndex")}: ${num(level.targetIndex, 0)} · ${t("report.n")}: ${level.respondents ?? "—"}` : statusNote(level.status),
      { size: 10, weight: "bold" },
      { after: 10 },
    );
    chart(levelRadar(model, level.id, labels));
    flow.table(
      dimensionColumns,
      level.dimensions.map((d): Cell[] => {
        const flags = [d.flags.lowConsensus ? t("report.flag.lowConsensus") : null, d.flags.lowReliability ? t("report.flag.lowReliability") : null].filter(Boolean).join(", ");
        const name: Cell = { text: d.title, weight: "bold", note: flags || undefined };
        const national = meta.organisation ? [{ text: num(d.national) }] : [];
        if (d.status !== "scored") return [name, { text: statusNote(d.status), color: palette.muted, span: 7 }, ...national];
        return [
          name,
          { text: num(d.current) },
          { text: num(d.target) },
          { text: num(d.gap) },
          { text: num(d.priority) },
          severityCell(d.severity),
          { text: String(d.respondents ?? "—") },
          { text: d.ci ? `${num(d.ci.lower)} – ${num(d.ci.upper)}` : "—" },
          ...national,
        ];
      }),
      { caption: t("report.dimensionTable", { level: level.title }), size: 8 },
    );
  }

  // ---- ranked gaps ---------------------------------------------------------------------------------------------
  flow.newPage();
  flow.heading(t("report.rankedGaps"), 0);
  flow.paragraph(t("report.rankedGapsIntro"), { size: 9.5 });
  chart(rankedGapsChart(model, labels));
  if (model.rankedDimensions.length > 0) {
    flow.table(
      [
        { header: t("report.rank"), width: 0.8, align: "center" },
        { header: t("report.dimension"), width: 3.6 },
        { header: t("report.level"), width: 2 },
        { header: t("report.current"), width: 1.1, align: "end" },
        { header: t("report.target"), width: 1.1, align: "end" },
        { header: t("report.gap"), width: 1, align: "end" },
        { header: t("report.priority"), width: 1.1, align: "end" },
        { header: t("report.severity"), width: 1.4, align: "center" },
      ],
      model.rankedDimensions.map((d) => [
        { text: String(d.rank ?? "—") },
        { text: d.title },
        { text: levelTitle.get(d.levelId) ?? d.levelId },
        { text: num(d.current) },
        { text: num(d.target) },
        { text: num(d.gap) },
        { text: num(d.priority), weight: "bold" },
        severityCell(d.severity),
      ]),
      { caption: t("report.rankedDimensions"), size: 8 },
    );
  } else {
    flow.paragraph(t("report.noData"), { size: 10, color: palette.muted });
  }
  if (model.rankedItems.length > 0) {
    flow.table(
      [
        { header: t("report.rank"), width: 0.8, align: "center" },
        { header: t("report.item"), width: 6 },
        { header: t("report.gap"), width: 1, align: "end" },
        { header: t("report.importance"), width: 1.4, align: "end" },
        { header: t("report.priority"), width: 1.2, align: "end" },
        { header: t("report.n"), width: 1.4, align: "end" },
      ],
      model.rankedItems.slice(0, 25).map((item) => [
        { text: String(item.rank ?? "—") },
        { text: item.question, note: item.flags.knowledgeGap ? t("report.flag.knowledgeGap") : item.flags.lowConsensus ? t("report.flag.lowConsensus") : undefined },
        { text: num(item.gap) },
        { text: num(item.importance) },
        { text: num(item.priority), weight: "bold" },
        { text: String(item.n ?? "—") },
      ]),
      { caption: t("report.rankedItems"), size: 8 },
    );
  }

  // ---- recommendations and roadmap -------------------------------------------------------------------------------
  flow.newPage();
  flow.heading(t("report.recommendations"), 0);
  if (model.recommendations.length === 0) flow.paragraph(t("report.noRecommendations"), { size: 10, color: palette.muted });
  for (const recommendation of model.recommendations) {
    const heading = `${recommendation.rank}. ${recommendation.dimensionTitle} — ${t(`severity.${recommendation.severity}`)}`;
    flow.heading(heading, 2, { bookmark: false, keepWith: 30 });
    for (const action of recommendation.actions) {
      const block = ts.layout(`•  ${action.text}`, { size: 9.5, leading: 2 }, flow.width - 14);
      const horizon = ts.layout(t(`horizon.${action.horizon}`), { size: 7.5, color: palette.muted }, flow.width - 14);
      flow.ensure(block.height + horizon.height);
      flow.drawBlock(block, 8);
      flow.drawBlock(horizon, 22);
      flow.space(4);
    }
    flow.space(4);
  }
  const hasRoadmap = model.roadmap.short.length + model.roadmap.medium.length + model.roadmap.long.length > 0;
  if (hasRoadmap) {
    flow.heading(t("report.roadmap"), 1);
    for (const horizon of ["short", "medium", "long"] as const) {
      const entries = model.roadmap[horizon];
      flow.table(
        [
          { header: t("pdf.action"), width: 6 },
          { header: t("report.dimension"), width: 3 },
          { header: t("report.severity"), width: 1.4, align: "center" },
        ],
        entries.length > 0 ? entries.map((e) => [{ text: e.text }, { text: e.dimensionTitle }, severityCell(e.severity)]) : [[{ text: t("report.roadmapEmpty"), color: palette.muted, span: 3 }]],
        { caption: t(`horizon.${horizon}`), size: 8 },
      );
    }
  }

  // ---- progress and peers ----------------------------------------------------------------------------------------
  if (model.progress) {
    flow.newPage();
    flow.heading(t("report.progress"), 0);
    flow.paragraph(t("report.progressIntro", { previous: model.progress.previousRound }), { size: 9.5 });
    chart(progressChart(model, labels));
    flow.table(
      [
        { header: t("report.dimension"), width: 4 },
        { header: t("report.level"), width: 2.2 },
        { header: model.progress.previousRound, width: 1.3, align: "end" },
        { header: meta.roundLabel, width: 1.3, align: "end" },
        { header: t("report.change"), width: 1.2, align: "end" },
        { header: t("report.interval"), width: 1.8, align: "center" },
        { header: t("report.clear"), width: 1.2, align: "center" },
      ],
      model.progress.dimensions.map((d) => [
        { text: d.title },
        { text: levelTitle.get(d.levelId) ?? d.levelId },
        { text: num(d.previous) },
        { text: num(d.current) },
        { text: `${d.change > 0 ? "+" : ""}${num(d.change)}`, weight: d.isClear ? "bold" : "regular" },
        { text: `${num(d.lower)} – ${num(d.upper)}` },
        { text: d.isClear ? t("report.clearYes") : t("report.clearNo") },
      ]),
      { caption: t("report.progressCaption"), size: 8 },
    );
  }
  if (model.peers) {
    flow.newPage();
    flow.heading(t("report.peers"), 0);
    // Without three peers for any dimension there is nothing to compare: one sentence, not an empty table.
    if (!hasPeerComparison(model.peers)) flow.paragraph(t("report.noPeersInGroup", { group: model.peers.groupLabel }), { size: 9.5 });
  }
  if (model.peers && hasPeerComparison(model.peers)) {
    const peers = model.peers;
    flow.paragraph(t("report.peersIntro", { count: peers.countries.length, group: peers.groupLabel }), { size: 9.5 });
    const peerDefinition = peerChart(model, labels);
    if (peerDefinition) chart(peerDefinition);
    else flow.paragraph(t("report.noPeers"), { size: 9.5, color: palette.muted });
    flow.table(
      [
        { header: t("report.dimension"), width: 4 },
        { header: t("report.level"), width: 2.2 },
        { header: meta.countryName, width: 1.6, align: "end" },
        { header: t("report.peerAverage"), width: 1.6, align: "end" },
        { header: t("report.peerCountries"), width: 1.6, align: "end" },
      ],
      peers.dimensions.map((d) => [
        { text: d.title },
        { text: levelTitle.get(d.levelId) ?? d.levelId },
        { text: num(d.country) },
        { text: d.peer === null ? t("report.tooFewPeers") : num(d.peer), color: d.peer === null ? palette.muted : undefined },
        { text: String(d.peerCountries) },
      ]),
      { caption: t("report.peersCaption"), size: 8 },
    );
  }

  // ---- response rates ----------------------------------------------------------------------------------------------
  flow.newPage();
  flow.heading(t("report.responseRates"), 0);
  const overall = model.responseRates.overall;
  flow.paragraph(`${t("progress.overall", { submitted: overall.submitted, invited: overall.invited })} (${percent(overall.rate)}).`, { size: 10 });
  if (overall.lowResponse) flow.paragraph(t("progress.lowResponse"), { size: 9.5, color: "#9a3412" });
  const rateColumns = (first: string): Column[] => [
    { header: first, width: 5 },
    { header: t("invitationStatus.invited"), width: 1.4, align: "end" },
    { header: t("invitationStatus.submitted"), width: 1.4, align: "end" },
    { header: t("progress.rate"), width: 1.6, align: "end" },
  ];
  const rateRow = (name: string, r: { invited: number; submitted: number; rate: number | null; lowResponse: boolean }): Cell[] => [
    { text: name },
    { text: String(r.invited) },
    { text: String(r.submitted) },
    { text: percent(r.rate), note: r.lowResponse ? t("progress.low") : undefined },
  ];
  if (model.responseRates.levels.length > 0) flow.table(rateColumns(t("report.level")), model.responseRates.levels.map((l) => rateRow(l.title, l)), { caption: t("progress.byLevel") });
  if (model.responseRates.organisations.length > 0) flow.table(rateColumns(t("invitations.organisation")), model.responseRates.organisations.map((o) => rateRow(o.name, o)), { caption: t("progress.byOrganisation") });

  // ---- comments ----------------------------------------------------------------------------------------------------
  if (options.includeComments && model.comments.length > 0) {
    flow.newPage();
    flow.heading(t("report.comments"), 0);
    flow.paragraph(t("report.commentsNotice"), { size: 9, color: palette.muted });
    for (const comment of model.comments) {
      const question = ts.layout(comment.question, { size: 8.5, weight: "bold", color: palette.muted }, flow.width);
      flow.ensure(question.height + 24);
      flow.drawBlock(question);
      flow.paragraph(comment.text, { size: 9.5 }, { multiline: true, indent: 10, after: 8 });
    }
  }

  // ---- methodology annex -------------------------------------------------------------------------------------------
  flow.newPage();
  flow.heading(t("pdf.annex"), 0);
  flow.paragraph(t("report.methodologyText"), { size: 9.5 });
  flow.heading(t("report.scale"), 1, { bookmark: false });
  flow.table(
    [
      { header: t("report.step"), width: 0.8, align: "center" },
      { header: t("report.level"), width: 2 },
      { header: t("report.meaning"), width: 7 },
    ],
    model.scale.map((s) => [{ text: String(s.value), weight: "bold" }, { text: s.label, weight: "bold" }, { text: s.description }]),
    { size: 8 },
  );
  if (model.importance.length > 0) {
    flow.table(
      [
        { header: t("report.importance"), width: 1.2, align: "center" },
        { header: t("report.meaning"), width: 8.6 },
      ],
      model.importance.map((i) => [{ text: String(i.value), weight: "bold" }, { text: i.label }]),
      { size: 8 },
    );
  }
  flow.heading(t("pdf.formulas"), 1, { bookmark: false, keepWith: 80 });
  for (const key of ["gap", "priority", "dimension", "index", "interval"]) flow.paragraph(`•  ${t(`pdf.formula.${key}`)}`, { size: 9.5 }, { indent: 6, after: 3 });
  flow.space(4);
  flow.heading(t("pdf.thresholds"), 1, { bookmark: false, keepWith: 30 });
  const th = model.severityThresholds;
  flow.paragraph(t("report.severityText", { critical: num(th.critical), high: num(th.high), moderate: num(th.moderate), low: num(th.low) }), { size: 9.5 });
  flow.heading(t("pdf.confidentiality"), 1, { bookmark: false, keepWith: 30 });
  flow.paragraph(t("report.confidentialityText", { k: meta.minGroupSize, individual: meta.individualMinGroupSize }), { size: 9.5 });
  flow.heading(t("pdf.dataDate"), 1, { bookmark: false, keepWith: 30 });
  flow.paragraph(
    `${meta.dataDate ? t("pdf.dataDateText", { date: formatDate(language, meta.dataDate) }) : t("report.noData")} ${t("report.generatedAt")} ${formatDate(language, meta.generatedAt)}. ${t("report.versionLine", { version: meta.instrumentVersion })}`,
    { size: 9.5 },
  );

  // ---- contents, now that every section has its page ---------------------------------------------------------------
  const sections = flow.destinations.filter((d) => d.depth === 0);
  doc.switchToPage(contentsFirstPage - 1);
  let contentsY = page.top;
  const contentsTitle = ts.layout(t("report.contents"), { size: 17, weight: "bold", color: palette.band }, flow.width);
  ts.draw(contentsTitle, flow.left, contentsY, flow.width, "start");
  contentsY += contentsTitle.height + 16;
  let contentsPage = contentsFirstPage;
  for (const section of sections) {
    const entry = ts.layout(section.title, { size: 11 }, flow.width - 60);
    const number = ts.layout(String(section.page), { size: 11, weight: "bold" }, 50);
    if (contentsY + entry.height > flow.bottom && contentsPage < contentsFirstPage + contentsPages - 1) {
      contentsPage++;
      doc.switchToPage(contentsPage - 1);
      contentsY = page.top;
    }
    ts.draw(entry, flow.boxX(0, flow.width - 60), contentsY, flow.width - 60, "start");
    ts.draw(number, flow.boxX(flow.width - 50, 50), contentsY, 50, "end");
    // Dotted leader between the title's last line and the page number.
    const last = entry.lines[entry.lines.length - 1];
    const leaderY = contentsY + entry.height - 5;
    const leaderFrom = rtl ? flow.left + 56 : flow.left + last.width + 8;
    const leaderTo = rtl ? flow.left + flow.width - last.width - 8 : flow.left + flow.width - 56;
    if (leaderTo > leaderFrom) doc.save().moveTo(leaderFrom, leaderY).lineTo(leaderTo, leaderY).lineWidth(0.7).dash(1, { space: 2.5 }).strokeColor("#9aa5b1").stroke().undash().restore();
    doc.goTo(flow.left, contentsY, flow.width, entry.height, section.name);
    contentsY += entry.height + 7;
  }

  // ---- running footer on every page --------------------------------------------------------------------------------
  const range = doc.bufferedPageRange();
  // The draft mark stands with the page number, so that shortening a long name never drops it.
  const footerText = `${meta.countryName} · ${meta.roundLabel} · ${meta.instrumentTitle}`;
  const numberWidth = 130;
  const footer = oneLine(footerText, { size: 7.5, color: palette.muted }, flow.width - numberWidth - 8);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = page.height - page.bottom + 22;
    doc.save().moveTo(flow.left, y - 6).lineTo(flow.left + flow.width, y - 6).lineWidth(0.4).strokeColor(palette.rule).stroke().restore();
    ts.draw(footer, flow.boxX(0, flow.width - numberWidth - 8), y, flow.width - numberWidth - 8, "start");
    const pageLabel = t("pdf.page", { page: i + 1, pages: range.count });
    const number = oneLine(meta.isDraft ? `${t("report.draftWatermark")} · ${pageLabel}` : pageLabel, { size: 7.5, weight: "bold", color: palette.muted }, numberWidth);
    ts.draw(number, flow.boxX(flow.width - numberWidth, numberWidth), y, numberWidth, "end");
  }

  doc.end();
  return finished;
}
