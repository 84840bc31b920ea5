// The comparison with the peer group; without three peers, the one sentence saying why there is none.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function peersDocx(
  { title, peers, hasComparison, chart: peerChart }: SectionOf<"peers">,
  { model, t, num, levelTitle, heading, paragraph, table, chart }: DocxContext,
): FileChild[] {
  if (!peers) return [heading(title, 1), paragraph(t("report.noPeers"), { muted: true })];
  if (!hasComparison) return [heading(title, 1), paragraph(t("report.noPeersInGroup", { group: peers.groupLabel }))];
  return [
    heading(title, 1),
    paragraph(t("report.peersIntro", { count: peers.countries.length, group: peers.groupLabel })),
    ...(peerChart ? chart(peerChart) : [paragraph(t("report.noPeers"), { muted: true })]),
    ...table(
      [
        { header: t("report.dimension"), width: 4 },
        { header: t("report.level"), width: 2.2 },
        { header: model.meta.countryName, width: 1.6, align: "end" },
        { header: t("report.peerAverage"), width: 1.6, align: "end" },
        { header: t("report.peerCountries"), width: 1.6, align: "end" },
      ],
      peers.dimensions.map((d) => [
        { text: d.title },
        { text: levelTitle(d.levelId) },
        { text: num(d.country) },
        { text: d.peer === null ? t("report.tooFewPeers") : num(d.peer), muted: d.peer === null },
        { text: String(d.peerCountries) },
      ]),
      { caption: t("report.peersCaption"), size: 16 },
    ),
  ];
}
