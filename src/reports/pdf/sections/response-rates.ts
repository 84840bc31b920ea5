// Response rates overall, by level and by organisation.
import type { SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import type { Cell, Column } from "../document";

export function drawResponseRates({ title, responseRates }: SectionOf<"response-rates">, { flow, t, percent }: PdfContext): void {
  flow.newPage();
  flow.heading(title, 0);
  const overall = responseRates.overall;
  flow.paragraph(`${t("progress.overall", { submitted: overall.submitted, count: overall.invited })} (${percent(overall.rate)}).`, { size: 10 });
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
  if (responseRates.levels.length > 0)
    flow.table(
      rateColumns(t("report.level")),
      responseRates.levels.map((l) => rateRow(l.title, l)),
      { caption: t("progress.byLevel") },
    );
  if (responseRates.organisations.length > 0)
    flow.table(
      rateColumns(t("invitations.organisation")),
      responseRates.organisations.map((o) => rateRow(o.name, o)),
      { caption: t("progress.byOrganisation") },
    );
}
