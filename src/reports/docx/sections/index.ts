// One module per kind of report section; render.ts builds the outline by looking each section up here. The mapped
// type makes the compiler refuse a section kind of the outline (reports/outline.ts) without its DOCX module.
import type { FileChild } from "docx";
import type { ReportSectionKind, SectionOf } from "../../outline";
import type { DocxContext } from "../context";
import { commentsDocx } from "./comments";
import { distributionDocx } from "./distribution";
import { evidenceDocx } from "./evidence";
import { gapsDocx } from "./gaps";
import { breakdownDocx, heatmapDocx } from "./heatmap";
import { levelDocx } from "./level";
import { methodologyDocx } from "./methodology";
import { overviewDocx } from "./overview";
import { peersDocx } from "./peers";
import { progressDocx } from "./progress";
import { actionsDocx, recommendationsDocx } from "./recommendations";
import { responseRatesDocx } from "./response-rates";
import { validationDocx } from "./validation";

export const docxSections: { [K in ReportSectionKind]: (section: SectionOf<K>, context: DocxContext) => FileChild[] } = {
  overview: overviewDocx,
  level: levelDocx,
  gaps: gapsDocx,
  validation: validationDocx,
  evidence: evidenceDocx,
  heatmap: heatmapDocx,
  breakdown: breakdownDocx,
  distribution: distributionDocx,
  recommendations: recommendationsDocx,
  actions: actionsDocx,
  progress: progressDocx,
  peers: peersDocx,
  "response-rates": responseRatesDocx,
  comments: commentsDocx,
  methodology: methodologyDocx,
};
