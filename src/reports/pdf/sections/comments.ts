// Respondents' comments, question by question (only in a PDF asked for with comments).
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { palette } from "../document";

export function drawComments({ title, comments }: SectionOf<"comments">, { flow, ts, t }: PdfContext): void {
  flow.newPage();
  flow.heading(title, 0);
  flow.paragraph(t("report.commentsNotice"), { size: 9, color: palette.muted });
  for (const comment of comments) {
    const question = ts.layout(comment.question, { size: 8.5, weight: "bold", color: palette.muted }, flow.width);
    flow.ensure(question.height + 24);
    flow.drawBlock(question);
    flow.paragraph(comment.text, { size: 9.5 }, { multiline: true, indent: 10, after: 8 });
  }
}
