// Respondents' comments, question by question (only in a document asked for with comments).
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { DocxContext } from "../context";

export function commentsDocx({ title, comments }: SectionOf<"comments">, { t, heading, paragraph, paragraphs }: DocxContext): FileChild[] {
  const out: FileChild[] = [heading(title, 1), paragraph(t("report.commentsNotice"), { muted: true })];
  for (const comment of comments) out.push(paragraph(comment.question, { bold: true, muted: true, keepNext: true }), ...paragraphs(comment.text));
  return out;
}
