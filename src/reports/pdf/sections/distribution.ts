// The answers question by question: for each dimension, stacked bars of the shares of each current level, don't
// know and not applicable (the page's tables give the counts). Hidden questions are named, not drawn.
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { palette } from "../document";

export function drawDistribution({ title, levels }: SectionOf<"distribution">, { flow, t, statusNote, chart }: PdfContext): void {
  flow.newPage();
  flow.heading(title, 0);
  flow.paragraph(t("report.distributionIntro"), { size: 9.5 });
  for (const level of levels) {
    if (level.dimensions.every((d) => d.items.length === 0)) continue;
    flow.heading(level.title, 1, { keepWith: 120 });
    for (const dimension of level.dimensions) {
      if (dimension.items.length === 0) continue;
      const hidden = dimension.items.filter((item) => item.status === "suppressed");
      if (dimension.chart) chart(dimension.chart);
      else flow.heading(dimension.title, 2, { bookmark: false, keepWith: 20 });
      // Hidden questions named under the rule that hid them (the group's size, or the individual-level floor).
      const byNote = new Map<string, string[]>();
      for (const item of hidden) {
        const note = statusNote(item, "item");
        byNote.set(note, [...(byNote.get(note) ?? []), item.question]);
      }
      for (const [note, questions] of byNote) flow.paragraph(`${note}: ${questions.join(" · ")}`, { size: 8, color: palette.muted }, { after: 10 });
    }
  }
}
