// The comparison with the peer group; without three peers, the one sentence saying why there is none (as on the page).
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { palette } from "../document";

export function drawPeers({ title, peers, hasComparison, chart: peerChart }: SectionOf<"peers">, { model, flow, t, num, levelTitle, chart }: PdfContext): void {
  flow.newPage();
  flow.heading(title, 0);
  if (!peers) {
    flow.paragraph(t("report.noPeers"), { size: 9.5, color: palette.muted });
    return;
  }
  // Without three peers for any dimension there is nothing to compare: one sentence, not an empty table.
  if (!hasComparison) {
    flow.paragraph(t("report.noPeersInGroup", { group: peers.groupLabel }), { size: 9.5 });
    return;
  }
  flow.paragraph(t("report.peersIntro", { count: peers.countries.length, group: peers.groupLabel }), { size: 9.5 });
  if (peerChart) chart(peerChart);
  else flow.paragraph(t("report.noPeers"), { size: 9.5, color: palette.muted });
  flow.table(
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
      { text: d.peer === null ? t("report.tooFewPeers") : num(d.peer), color: d.peer === null ? palette.muted : undefined },
      { text: String(d.peerCountries) },
    ]),
    { caption: t("report.peersCaption"), size: 8 },
  );
}
