// Response rates overall, by level and by organisation.
import type { FileChild } from "docx";
import type { SectionOf } from "../../outline";
import type { Cell, Column, DocxContext } from "../context";

export function responseRatesDocx({ title, responseRates }: SectionOf<"response-rates">, { t, percent, heading, paragraph, table }: DocxContext): FileChild[] {
  const overall = responseRates.overall;
  const out: FileChild[] = [
    heading(title, 1),
    paragraph(`${t("progress.overall", { submitted: overall.submitted, count: overall.invited })} (${percent(overall.rate)}).`),
  ];
  if (overall.lowResponse) out.push(paragraph(t("progress.lowResponse"), { warning: true }));
  const columns = (first: string): Column[] => [
    { header: first, width: 5 },
    { header: t("invitationStatus.invited"), width: 1.4, align: "end" },
    { header: t("invitationStatus.submitted"), width: 1.4, align: "end" },
    { header: t("progress.rate"), width: 1.6, align: "end" },
  ];
  const row = (name: string, r: { invited: number; submitted: number; rate: number | null; lowResponse: boolean }): Cell[] => [
    { text: name },
    { text: String(r.invited) },
    { text: String(r.submitted) },
    { text: percent(r.rate), note: r.lowResponse ? t("progress.low") : undefined },
  ];
  if (responseRates.levels.length > 0)
    out.push(
      ...table(
        columns(t("report.level")),
        responseRates.levels.map((l) => row(l.title, l)),
        { caption: t("progress.byLevel") },
      ),
    );
  if (responseRates.organisations.length > 0)
    out.push(
      ...table(
        columns(t("invitations.organisation")),
        responseRates.organisations.map((o) => row(o.name, o)),
        { caption: t("progress.byOrganisation") },
      ),
    );
  return out;
}
