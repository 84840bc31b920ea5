// The assessment lifecycle: draft → open → closed → published, plus reopen (closed → open) and unpublish (published → closed).
import type { AssessmentStatus } from "../db/schema";
import { isPastDeadline } from "./deadline";

export type Transition = "open" | "close" | "reopen" | "publish" | "unpublish";

const transitions: Record<Transition, { from: AssessmentStatus; to: AssessmentStatus }> = {
  open: { from: "draft", to: "open" },
  close: { from: "open", to: "closed" },
  reopen: { from: "closed", to: "open" },
  publish: { from: "closed", to: "published" },
  unpublish: { from: "published", to: "closed" },
};

export const transitionNames = Object.keys(transitions) as Transition[];

export function isTransition(value: unknown): value is Transition {
  return typeof value === "string" && value in transitions;
}

/** The status after `transition`, or null when it is not allowed from `status`. */
export function nextStatus(status: AssessmentStatus, transition: Transition): AssessmentStatus | null {
  const rule = transitions[transition];
  return rule.from === status ? rule.to : null;
}

export function availableTransitions(status: AssessmentStatus): Transition[] {
  return transitionNames.filter((t) => transitions[t].from === status);
}

/** Respondents may write while the round is open; nothing changes once closed. */
export function acceptsAnswers(status: AssessmentStatus): boolean {
  return status === "open";
}

/** The same at `now`: an open round stops accepting answers at its closing instant, before anyone closes it. */
export function acceptsAnswersAt(status: AssessmentStatus, closesAt: string | null, now: Date): boolean {
  return status === "open" && !isPastDeadline(closesAt, now);
}

/** Structure (levels, instrument) can change only before anyone could answer. */
export function isStructureEditable(status: AssessmentStatus): boolean {
  return status === "draft";
}
