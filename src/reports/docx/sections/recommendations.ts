// The prioritised roadmap (each horizon cut at its cap, every action naming the gaps it addresses), and the annex of
// every recommended action by horizon, then by dimension. Reports frozen before the prioritised roadmap keep the
// recommendations by dimension and the flat roadmap they were published with.
import type { FileChild } from "docx";
import type { RoadmapHorizon, SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function recommendationsDocx(section: SectionOf<"recommendations">, context: DocxContext): FileChild[] {
  const { t, severityCell, heading, paragraph, table } = context;
  const out: FileChild[] = [heading(section.title, 1)];
  if (section.priorities) {
    if (section.annexActions === 0) return [...out, paragraph(t("report.noRecommendations"), { muted: true })];
    out.push(paragraph(t("report.roadmapIntro")));
    for (const horizon of section.priorities) out.push(...roadmapTable(horizon, context, true));
    return [...out, paragraph(t("report.roadmapAnnexNote", { total: section.annexActions }), { muted: true })];
  }
  out.push(...byDimension(section.recommendations, context));
  if (!section.roadmap) return out;
  out.push(heading(t("report.roadmap"), 2));
  for (const { horizon, entries } of section.roadmap)
    out.push(
      ...table(
        [
          { header: t("pdf.action"), width: 6 },
          { header: t("report.dimension"), width: 3 },
          { header: t("report.severity"), width: 1.4, align: "center" },
        ],
        entries.length > 0
          ? entries.map((e) => [{ text: e.text }, { text: e.dimensionTitle }, severityCell(e.severity)])
          : [[{ text: t("report.roadmapEmpty"), muted: true, span: 3 }]],
        { caption: t(`horizon.${horizon}`), size: 16 },
      ),
    );
  return out;
}

export function actionsDocx(section: SectionOf<"actions">, context: DocxContext): FileChild[] {
  const { t, heading, paragraph } = context;
  return [
    heading(section.printTitle ?? section.title, 1),
    paragraph(t("report.actionsAnnexIntro")),
    heading(t("report.actionsByHorizon"), 2),
    ...section.horizons.flatMap((horizon) => roadmapTable(horizon, context, false)),
    heading(t("report.actionsByDimension"), 2),
    ...byDimension(section.recommendations, context),
  ];
}

function roadmapTable({ horizon, actions, total, inAnnex }: RoadmapHorizon, { t, num, severityCell, table }: DocxContext, isCapped: boolean): FileChild[] {
  const caption =
    isCapped && inAnnex > 0 ? t("report.roadmapShown", { horizon: t(`horizon.${horizon}`), shown: actions.length, total }) : t(`horizon.${horizon}`);
  return table(
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
      : [[{ text: t("report.roadmapEmpty"), muted: true, span: 4 }]],
    { caption, size: 16 },
  );
}

function byDimension(recommendations: SectionOf<"actions">["recommendations"], { t, heading, paragraph, bullet }: DocxContext): FileChild[] {
  if (recommendations.length === 0) return [paragraph(t("report.noRecommendations"), { muted: true })];
  return recommendations.flatMap((recommendation) => [
    heading(`${recommendation.rank}. ${recommendation.dimensionTitle} — ${t(`severity.${recommendation.severity}`)}`, 3),
    ...recommendation.actions.map((action) =>
      bullet(
        `${action.text} (${t(`horizon.${action.horizon}`)})` +
          (action.alsoAddresses.length ? ` ${t("report.alsoAddresses", { dimensions: action.alsoAddresses.map((d) => d.dimensionTitle).join("; ") })}` : ""),
      ),
    ),
  ]);
}
