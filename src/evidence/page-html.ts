// The list of an item's evidence on the respondent's page, as HTML built here (every value escaped) so that the
// cached page (responses/page-skeleton.ts) and a full render print the same bytes. Each entry links to its file (as a
// download) or its address, and has a Remove button that is a submit button of the page's own form: removing
// evidence saves the page's answers too, with or without JavaScript.
import Handlebars from "handlebars";
import type { EvidenceRow } from "./repository";

export interface EvidenceListLabels {
  remove: string;
  /** "{size} KB", translated. */
  kilobytes: string;
  /** Said to screen readers after a link that opens elsewhere. */
  external: string;
}

const escape = Handlebars.escapeExpression;

export function kilobytesOf(size: number): string {
  return String(Math.max(1, Math.round(size / 1024)));
}

/** The entries of one item's evidence, or "" when it has none. */
export function evidenceListHtml(rows: readonly EvidenceRow[] | undefined, base: string, labels: EvidenceListLabels): string {
  if (!rows?.length) return "";
  let html = '<ul class="evidence-list">';
  for (const row of rows) {
    html += "<li>";
    if (row.kind === "file") {
      const type = (row.fileName?.split(".").pop() ?? "").toUpperCase();
      html += `<a href="${escape(`${base}/evidence/${row.id}`)}" download><bdi>${escape(row.fileName ?? "")}</bdi></a> <span class="muted">${escape(type)} · ${escape(labels.kilobytes.replace("{size}", kilobytesOf(row.size ?? 0)))}</span>`;
    } else {
      html += `<a href="${escape(row.url ?? "")}" rel="noopener noreferrer nofollow" target="_blank"><bdi>${escape(row.url ?? "")}</bdi><span class="visually-hidden"> ${escape(labels.external)}</span></a>`;
    }
    if (row.note) html += ` <span class="evidence-note" dir="auto">${escape(row.note)}</span>`;
    html += ` <button type="submit" name="intent" value="remove:${row.id}" class="link-button" data-evidence-remove>${escape(labels.remove)}</button></li>`;
  }
  return `${html}</ul>`;
}
