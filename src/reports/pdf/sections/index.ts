// One drawing module per kind of report section; render.ts draws the outline by looking each section up here.
import type { ReportSectionKind, SectionOf } from "../../outline";
import type { PdfContext } from "../context";
import { drawComments } from "./comments";
import { drawDistribution } from "./distribution";
import { drawEvidence } from "./evidence";
import { drawGaps } from "./gaps";
import { drawBreakdown, drawHeatmap } from "./heatmap";
import { drawLevel } from "./level";
import { drawMethodology } from "./methodology";
import { drawOverview } from "./overview";
import { drawPeers } from "./peers";
import { drawProgress } from "./progress";
import { drawActionsAnnex, drawRecommendations } from "./recommendations";
import { drawResponseRates } from "./response-rates";
import { drawValidation } from "./validation";

export const pdfSections: { [K in ReportSectionKind]: (section: SectionOf<K>, context: PdfContext) => void } = {
  overview: drawOverview,
  level: drawLevel,
  gaps: drawGaps,
  validation: drawValidation,
  evidence: drawEvidence,
  heatmap: drawHeatmap,
  breakdown: drawBreakdown,
  distribution: drawDistribution,
  recommendations: drawRecommendations,
  progress: drawProgress,
  peers: drawPeers,
  "response-rates": drawResponseRates,
  comments: drawComments,
  actions: drawActionsAnnex,
  methodology: drawMethodology,
};
