// The answers question by question: for each dimension, the stacked bars of the shares of each current level, don't
// know and not applicable. Hidden questions are named under the rule that hid them, not drawn.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function distributionDocx({ title, levels }: SectionOf<"distribution">, { t, statusNote, heading, paragraph, chart }: DocxContext): FileChild[] {
  const out: FileChild[] = [heading(title, 1), paragraph(t("report.distributionIntro"))];
  for (const level of levels) {
    if (level.dimensions.every((d) => d.items.length === 0)) continue;
    out.push(heading(level.title, 2));
    for (const dimension of level.dimensions) {
      if (dimension.items.length === 0) continue;
      out.push(heading(dimension.title, 3), ...chart(dimension.chart));
      const byNote = new Map<string, string[]>();
      for (const item of dimension.items.filter((i) => i.status === "suppressed")) {
        const note = statusNote(item, "item");
        byNote.set(note, [...(byNote.get(note) ?? []), item.question]);
      }
      for (const [note, questions] of byNote) out.push(paragraph(`${note}: ${questions.join(" · ")}`, { muted: true, size: 16 }));
    }
  }
  return out;
}
