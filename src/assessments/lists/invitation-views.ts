// The invitations and progress lists as view models: their query (filters, page size, cursors), the page of rows,
// the filter menus with a count for every value, and the links (pages, page sizes, bulk actions) that keep the filters.
import { formatList } from "../../i18n/names";
import { z } from "zod";
import type { Actor } from "../../auth/policy";
import { can } from "../../auth/policy";
import type { AppContext } from "../../context";
import { formatNumber } from "../../i18n/format";
import { instrumentText } from "../../questionnaires/i18n";
import { InvalidInputError } from "../../errors";
import { cachedUntilWrite, LIST_TABLES } from "../../db/versioned-cache";
import type { AssessmentSummary } from "../repository";
import { invitationLink, tokenFromSeed } from "../tokens";
import { invitationFacets, invitationPage, invitationStates, latestMailOf, mailFilters, type InvitationFilters, type InvitationScope } from "./invitation-list";
import { choiceFilter, hrefOf, idFilter, pagerOf, pagingFields, parseListQuery, textFilter, type Paging } from "../../list-query";

/** The states a progress list filters on: not started, started but not submitted. */
export const awaitedStates = ["invited", "started"] as const;

export const filterFields = {
  organisation: idFilter,
  level: textFilter(60),
  language: textFilter(20),
  q: textFilter(200),
  mail: choiceFilter(mailFilters),
};

export const invitationQuerySchema = z.object({ ...filterFields, status: choiceFilter(invitationStates), ...pagingFields });
export const progressQuerySchema = z.object({ ...filterFields, status: choiceFilter(awaitedStates), ...pagingFields });

export type InvitationQuery = InvitationFilters & Paging;

/** The query of an invitations or progress list, checked against the assessment (its organisations, levels, languages). */
export function parseInvitationQuery(
  context: AppContext,
  assessment: AssessmentSummary,
  scope: InvitationScope,
  query: Record<string, unknown>,
  showIdentity: boolean,
): InvitationQuery {
  const parsed = parseListQuery(scope === "all" ? invitationQuerySchema : progressQuerySchema, query);
  checkFilters(context, assessment, parsed, showIdentity);
  return parsed as InvitationQuery;
}

/** Refuses filter values the assessment does not have (400 naming the filter): never an empty list that looks filtered. */
export function checkFilters(context: AppContext, assessment: AssessmentSummary, filters: InvitationFilters, showIdentity: boolean): void {
  const fields: Record<string, string> = {};
  if (filters.q !== undefined && !showIdentity) fields.q = "is not a filter of this page";
  if (filters.level !== undefined && !assessment.levels.includes(filters.level)) fields.level = `must be one of: ${assessment.levels.join(", ")}`;
  if (filters.language !== undefined && !assessment.languages.includes(filters.language))
    fields.language = `must be one of: ${assessment.languages.join(", ")}`;
  if (filters.organisation !== undefined) {
    const found = context.database.sqlite.prepare("select 1 from organisations where id = ? and assessment_id = ?").get(filters.organisation, assessment.id);
    if (!found) fields.organisation = "is not an organisation of this assessment";
  }
  if (Object.keys(fields).length)
    throw new InvalidInputError(
      `Invalid list query — ${Object.entries(fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join("; ")}`,
      fields,
    );
}

/** The filters as query values, for links and hidden form fields. */
export function filterValues(filters: InvitationFilters): Record<string, string | undefined> {
  return {
    organisation: filters.organisation === undefined ? undefined : String(filters.organisation),
    status: filters.status,
    level: filters.level,
    language: filters.language,
    q: filters.q,
    mail: filters.mail,
  };
}

function levelTitles(context: AppContext, assessment: AssessmentSummary, locale: string): Map<string, string> {
  const instrument = context.instruments.pinned(context.database, assessment.instrumentVersion);
  return new Map(instrument.levels.map((l) => [l.id, instrumentText(instrument, `level.${l.id}.title`, locale)]));
}

/** The organisations of the assessment by name (no counts: cheap for menus). */
export function organisationNames(context: AppContext, assessmentId: number): { id: number; name: string }[] {
  return cachedUntilWrite(
    context.database,
    LIST_TABLES,
    `organisation-names:${assessmentId}`,
    () =>
      context.database.sqlite.prepare("select id, name from organisations where assessment_id = ? order by name, id").all(assessmentId) as {
        id: number;
        name: string;
      }[],
  );
}

/** The confirmation page of a bulk action on the filtered set. */
export function bulkHref(assessmentId: number, action: string, scope: InvitationScope, values: Record<string, string | undefined>): string {
  return hrefOf(`/assessments/${assessmentId}/invitations/bulk`, { action, scope: scope === "awaited" ? "awaited" : undefined, ...values });
}

/**
 * Everything a list of invitations shows (the invitations page with scope "all", the progress page's "not submitted"
 * with scope "awaited"): rows of one page, menus with counts, pager and bulk-action links.
 */
export function invitationListView(
  context: AppContext,
  actor: Actor,
  assessment: AssessmentSummary,
  scope: InvitationScope,
  query: InvitationQuery,
  locale: string,
) {
  const { translator } = context;
  const showIdentity = can(actor, "respondent.identity", assessment);
  const filters: InvitationFilters = {
    organisation: query.organisation,
    status: query.status,
    level: query.level,
    language: query.language,
    q: query.q,
    mail: query.mail,
  };
  const page = invitationPage(context.database, assessment.id, scope, filters, query);
  const facets = invitationFacets(context.database, assessment.id, scope, filters);
  const titles = levelTitles(context, assessment, locale);
  const mail = latestMailOf(
    context.database,
    page.rows.map((row) => row.id),
  );
  const linkFor = (seed: string) => invitationLink(context.config.baseUrl, tokenFromSeed(context.secret, seed));
  const path = `/assessments/${assessment.id}/${scope === "all" ? "invitations" : "progress"}`;
  const values = filterValues(filters);
  const stateLabel = (state: string) =>
    translator.t(locale, scope === "awaited" ? `lists.progressState.${state}` : state === "revoked" ? "invitations.revoked" : `invitationStatus.${state}`);
  const option = (value: string, label: string, count: number, selected: boolean) => ({
    value,
    label: translator.t(locale, "lists.optionCount", { label, count: formatNumber(locale, count, 0) }),
    selected,
  });
  const isFiltered = Object.values(values).some((v) => v !== undefined);
  return {
    path,
    filters: values,
    isFiltered,
    showIdentity,
    total: facets.total,
    facets,
    newestId: facets.newestId,
    options: {
      organisations: organisationNames(context, assessment.id).map((o) =>
        option(String(o.id), o.name, facets.organisations.get(o.id) ?? 0, o.id === filters.organisation),
      ),
      statuses: (scope === "all" ? invitationStates : awaitedStates).map((s) => option(s, stateLabel(s), facets.statuses.get(s) ?? 0, s === filters.status)),
      levels: assessment.levels.map((l) => option(l, titles.get(l) ?? l, facets.levels.get(l) ?? 0, l === filters.level)),
      languages: assessment.languages.map((code) =>
        option(code, translator.t(code, "language.name"), facets.languages.get(code) ?? 0, code === filters.language),
      ),
      mails: mailFilters.map((m) => option(m, translator.t(locale, `mail.status.${m}`), facets.mails.get(m) ?? 0, m === filters.mail)),
    },
    rows: page.rows.map((row) => ({
      id: row.id,
      organisationName: row.organisationName,
      name: showIdentity ? row.name : null,
      email: showIdentity ? row.email : null,
      levelList: formatList(
        locale,
        row.levels.map((l) => titles.get(l) ?? l),
      ),
      // The language's own name, as in the filter: a page never shows the code.
      language: translator.t(row.language, "language.name"),
      status: row.status,
      stateLabel: stateLabel(row.revokedAt ? "revoked" : row.status),
      isRevoked: Boolean(row.revokedAt),
      link: row.revokedAt ? null : linkFor(row.tokenSeed),
      updatedAt: row.updatedAt,
      mail: mail.get(row.id) ?? null,
      canMail: Boolean(row.email) && !row.revokedAt,
    })),
    pager: pagerOf(path, values, query, page),
    size: query.size,
    clearHref: path,
    csvHref: hrefOf(`/assessments/${assessment.id}/invitations.csv`, { ...values, scope: scope === "awaited" ? "awaited" : undefined }),
    bulk: {
      download: bulkHref(assessment.id, "download", scope, values),
      revoke: bulkHref(assessment.id, "revoke", scope, values),
      reissue: bulkHref(assessment.id, "reissue", scope, values),
      // Handled by mail/bulk-routes.ts (the mail folder depends on this one, not the other way round).
      send: hrefOf(`/assessments/${assessment.id}/invitations/mail`, { kind: "invitation", scope: scope === "awaited" ? "awaited" : undefined, ...values }),
      remind: hrefOf(`/assessments/${assessment.id}/invitations/mail`, { kind: "reminder", scope: scope === "awaited" ? "awaited" : undefined, ...values }),
    },
  };
}
