// The prioritised roadmap (each horizon cut at its cap, every action naming the gaps it addresses), and the annex of
// every recommended action: by horizon, then by dimension. Reports frozen before the prioritised roadmap keep the
// recommendations by dimension and the flat roadmap they were published with.
import type { RoadmapHorizon, SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { palette } from "../document";

export function drawRecommendations(section: SectionOf<"recommendations">, context: PdfContext): void {
  const { flow, t } = context;
  flow.newPage();
  flow.heading(section.title, 0);
  if (section.priorities) {
    if (section.annexActions === 0) flow.paragraph(t("report.noRecommendations"), { size: 10, color: palette.muted });
    else {
      flow.paragraph(t("report.roadmapIntro"), { size: 9.5 });
      for (const horizon of section.priorities) roadmapTable(horizon, context, true);
      flow.paragraph(t("report.roadmapAnnexNote", { total: section.annexActions }), { size: 9, color: palette.muted });
    }
    return;
  }
  byDimension(section.recommendations, context);
  if (section.roadmap) {
    flow.heading(t("report.roadmap"), 1);
    for (const { horizon, entries } of section.roadmap) {
      flow.table(
        [
          { header: t("pdf.action"), width: 6 },
          { header: t("report.dimension"), width: 3 },
          { header: t("report.severity"), width: 1.4, align: "center" },
        ],
        entries.length > 0
          ? entries.map((e) => [{ text: e.text }, { text: e.dimensionTitle }, context.severityCell(e.severity)])
          : [[{ text: t("report.roadmapEmpty"), color: palette.muted, span: 3 }]],
        { caption: t(`horizon.${horizon}`), size: 8 },
      );
    }
  }
}

export function drawActionsAnnex(section: SectionOf<"actions">, context: PdfContext): void {
  const { flow, t } = context;
  flow.newPage();
  flow.heading(section.printTitle ?? section.title, 0);
  flow.paragraph(t("report.actionsAnnexIntro"), { size: 9.5 });
  flow.heading(t("report.actionsByHorizon"), 1, { bookmark: false });
  for (const horizon of section.horizons) roadmapTable(horizon, context, false);
  flow.heading(t("report.actionsByDimension"), 1, { bookmark: false });
  byDimension(section.recommendations, context);
}

function roadmapTable({ horizon, actions, total, inAnnex }: RoadmapHorizon, { flow, t, num, severityCell }: PdfContext, isCapped: boolean): void {
  const caption =
    isCapped && inAnnex > 0 ? t("report.roadmapShown", { horizon: t(`horizon.${horizon}`), shown: actions.length, total }) : t(`horizon.${horizon}`);
  flow.table(
    [
      { header: "#", width: 0.5, align: "center" },
      { header: t("pdf.action"), width: 5.4 },
      { header: t("report.addresses"), width: 3.4 },
      { header: t("report.severity"), width: 1.3, align: "center" },
    ],
    actions.length > 0
      ? actions.map((a, index) => [
          { text: String(index + 1) },
          { text: a.text },
          { text: a.gaps.map((g) => t("report.gapFromTo", { dimension: g.dimensionTitle, current: num(g.current, 1), target: num(g.target, 1) })).join("; ") },
          severityCell(a.severity),
        ])
      : [[{ text: t("report.roadmapEmpty"), color: palette.muted, span: 4 }]],
    { caption, size: 8 },
  );
}

function byDimension(recommendations: SectionOf<"actions">["recommendations"], { flow, ts, t }: PdfContext): void {
  if (recommendations.length === 0) flow.paragraph(t("report.noRecommendations"), { size: 10, color: palette.muted });
  for (const recommendation of recommendations) {
    const heading = `${recommendation.rank}. ${recommendation.dimensionTitle} — ${t(`severity.${recommendation.severity}`)}`;
    flow.heading(heading, 2, { bookmark: false, keepWith: 30 });
    for (const action of recommendation.actions) {
      const block = ts.layout(`•  ${action.text}`, { size: 9.5, leading: 2 }, flow.width - 14);
      const also = action.alsoAddresses.length
        ? ` · ${t("report.alsoAddresses", { dimensions: action.alsoAddresses.map((d) => d.dimensionTitle).join("; ") })}`
        : "";
      const horizon = ts.layout(`${t(`horizon.${action.horizon}`)}${also}`, { size: 7.5, color: palette.muted }, flow.width - 14);
      flow.ensure(block.height + horizon.height);
      flow.drawBlock(block, 8);
      flow.drawBlock(horizon, 22);
      flow.space(4);
    }
    flow.space(4);
  }
}
