// The database schema: every concept of the product design, as drizzle tables.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const nowDefault = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const createdAt = (column = "created_at") => text(column).notNull().default(nowDefault);

export const roles = ["admin", "expert", "focal_point", "analyst"] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name").notNull().default(""),
  role: text("role", { enum: roles }).notNull(),
  passwordHash: text("password_hash").notNull(),
  /** The interface language the user chose in their profile; null follows the browser (Accept-Language). */
  locale: text("locale"),
  disabledAt: text("disabled_at"),
  /** Set for generated one-time passwords: the user must choose their own at first sign-in. */
  mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
  passwordChangedAt: text("password_changed_at"),
  createdAt: createdAt(),
});

/** Countries a focal point co-manages (their scope). */
export const userCountries = sqliteTable(
  "user_countries",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    countryIso3: text("country_iso3")
      .notNull()
      .references(() => countries.iso3),
  },
  (t) => [primaryKey({ columns: [t.userId, t.countryIso3] })],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    data: text("data").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_expires").on(t.expiresAt), index("sessions_user").on(t.userId)],
);

/**
 * Failed sign-ins counted by the throttle (src/auth/sign-in-throttle.ts, decision 008): per (account, address) and per
 * address, in the database so that every worker process counts the same failures.
 */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    scope: text("scope", { enum: ["account_address", "address"] }).notNull(),
    /** The address, or the account and the address joined by a line break. */
    subject: text("subject").notNull(),
    failures: integer("failures").notNull(),
    /** Milliseconds: when the address's window began, or the pair's first counted failure. */
    startedAt: integer("started_at").notNull(),
    lastFailureAt: integer("last_failure_at").notNull(),
    /** No attempt of the pair before this time (ms); 0 for none. */
    waitUntil: integer("wait_until").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.subject] }), index("sign_in_failures_last").on(t.lastFailureAt)],
);

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: text("last_used_at"),
  revokedAt: text("revoked_at"),
});

export const passwordResets = sqliteTable("password_resets", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: createdAt(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: createdAt("at"),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    ip: text("ip"),
  },
  (t) => [index("audit_at").on(t.at), index("audit_object").on(t.objectType, t.objectId), index("audit_action").on(t.action)],
);

export const countries = sqliteTable("countries", {
  iso3: text("iso3").primaryKey(),
  m49: text("m49").notNull(),
  name: text("name").notNull(),
  region: text("region").notNull(),
  subregion: text("subregion").notNull(),
  groups: text("groups", { mode: "json" }).$type<string[]>().notNull(),
});

/** A pinned, immutable instrument version: the whole parsed instrument, keyed by its content hash. */
export const instrumentVersions = sqliteTable("instrument_versions", {
  version: text("version").primaryKey(),
  instrumentId: text("instrument_id").notNull(),
  title: text("title").notNull(),
  content: text("content").notNull(),
  source: text("source").notNull().default("files"),
  createdAt: createdAt(),
});

/** Each item's place in its instrument version (document order), filled by a trigger when a version is pinned. */
export const instrumentItemPositions = sqliteTable(
  "instrument_item_positions",
  {
    instrumentVersion: text("instrument_version")
      .notNull()
      .references(() => instrumentVersions.version, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.instrumentVersion, t.itemId] })],
);

export const assessmentStatuses = ["draft", "open", "closed", "published"] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

export const assessments = sqliteTable(
  "assessments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    countryIso3: text("country_iso3")
      .notNull()
      .references(() => countries.iso3),
    instrumentVersion: text("instrument_version")
      .notNull()
      .references(() => instrumentVersions.version),
    instrumentId: text("instrument_id").notNull(),
    roundLabel: text("round_label").notNull(),
    levels: text("levels", { mode: "json" }).$type<string[]>().notNull(),
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull(),
    /** The expert accepted offering languages the instrument is not complete in (untranslated texts in the fallback). */
    acceptsFallback: integer("accepts_fallback", { mode: "boolean" }).notNull().default(false),
    opensOn: text("opens_on"),
    /** The closing date (YYYY-MM-DD) in `timeZone`; with `closesTime` it makes `closesAt`. */
    closesOn: text("closes_on"),
    /** The closing time of day (HH:MM) in `timeZone`; null means the end of the day (23:59). */
    closesTime: text("closes_time"),
    /** IANA time zone the dates are read in (e.g. Africa/Nairobi). */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** The closing instant (UTC ISO), derived from closesOn, closesTime and timeZone: answers are refused from then on. */
    closesAt: text("closes_at"),
    /** Days before the closing instant on which reminders go out by themselves (e.g. [7, 2]); empty: only by hand. */
    reminderDays: text("reminder_days", { mode: "json" })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    status: text("status", { enum: assessmentStatuses }).notNull().default("draft"),
    minGroupSize: integer("min_group_size").notNull().default(3),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: text("updated_at"),
    /** When an expert archived it: hidden from every list, kept whole, restorable by an administrator. */
    archivedAt: text("archived_at"),
  },
  (t) => [uniqueIndex("assessments_country_instrument_round").on(t.countryIso3, t.instrumentId, t.roundLabel)],
);

/** Staff granted access to one assessment (experts who co-run it, analysts who read it). */
export const assessmentMembers = sqliteTable(
  "assessment_members",
  {
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "expert", "analyst"] }).notNull(),
    /** An analyst member may read individual answers and comments (granted by an expert of the assessment, audited). */
    rawData: integer("raw_data", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.userId] })],
);

export const organisationTypes = ["ministry", "agency", "local_government", "academia", "civil_society", "private_sector"] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type", { enum: organisationTypes }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organisations_assessment_name").on(t.assessmentId, t.name)],
);

export const invitationStatuses = ["invited", "started", "submitted"] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

/**
 * A respondent's invitation. The link token is HMAC(server secret, tokenSeed): the database holds the seed
 * and a SHA-256 of the token for look-up, so a copy of the database alone reveals no working link.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name"),
    email: text("email"),
    levels: text("levels", { mode: "json" }).$type<string[]>().notNull(),
    language: text("language").notNull().default("en"),
    tokenSeed: text("token_seed").notNull(),
    tokenLookup: text("token_lookup").notNull().unique(),
    status: text("status", { enum: invitationStatuses }).notNull().default("invited"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    revokedAt: text("revoked_at"),
  },
  (t) => [
    index("invitations_assessment").on(t.assessmentId, t.organisationId),
    // The staff lists (issue 26): pages in id order within an assessment without sorting it, and every filter value
    // counted from this index alone (grouped in its order, no temporary tree).
    index("invitations_assessment_order").on(t.assessmentId),
    index("invitations_facets").on(t.assessmentId, t.organisationId, t.status, t.language, t.levels, t.revokedAt),
  ],
);

export const responses = sqliteTable(
  "responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invitationId: integer("invitation_id")
      .notNull()
      .unique()
      .references(() => invitations.id, { onDelete: "cascade" }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    status: text("status", { enum: ["started", "submitted"] })
      .notNull()
      .default("started"),
    lastPage: text("last_page"),
    startedAt: createdAt("started_at"),
    updatedAt: text("updated_at"),
    submittedAt: text("submitted_at"),
    /**
     * The current answers packed for scoring, 4 characters per item of the pinned instrument in document order
     * (kind a/n/d or "-", then current, target and importance digits or "-"). Kept by triggers on `answers`
     * (migration 0002), so every write path keeps it exact; scoring reads one short string per respondent.
     */
    answerVector: text("answer_vector"),
  },
  (t) => [index("responses_assessment_status").on(t.assessmentId, t.status)],
);

export const answerKinds = ["answered", "na", "dontknow"] as const;
export type AnswerKind = (typeof answerKinds)[number];

/** The current answer per response and item: always the latest revision. */
export const answers = sqliteTable(
  "answers",
  {
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    kind: text("kind", { enum: answerKinds }).notNull(),
    current: integer("current"),
    target: integer("target"),
    importance: integer("importance"),
    comment: text("comment"),
    revisionId: integer("revision_id").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.itemId] })],
);

/** Every save ever made (append-only); `answers` holds the latest of each. */
export const answerRevisions = sqliteTable(
  "answer_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    kind: text("kind", { enum: [...answerKinds, "cleared"] }).notNull(),
    current: integer("current"),
    target: integer("target"),
    importance: integer("importance"),
    comment: text("comment"),
    source: text("source", { enum: ["form", "autosave", "import", "seed"] }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("answer_revisions_response").on(t.responseId, t.itemId)],
);

/**
 * The current background answer per response and question (who answered: grade, function, location…). `value` is
 * the option id (single, yes/no), option ids joined by spaces (multiple), the number (integer), the text, or
 * "prefer-not-to-say" (src/responses/background.ts reads and writes it).
 */
export const backgroundAnswers = sqliteTable(
  "background_answers",
  {
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    value: text("value").notNull(),
    revisionId: integer("revision_id").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionId] })],
);

/** Every background answer ever saved (append-only); `value` null when the answer was cleared. */
export const backgroundAnswerRevisions = sqliteTable(
  "background_answer_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    value: text("value"),
    source: text("source", { enum: ["form", "import", "seed"] }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("background_answer_revisions_response").on(t.responseId, t.questionId)],
);

/** A published report: the frozen report model. */
export const reportSnapshots = sqliteTable(
  "report_snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    instrumentVersion: text("instrument_version").notNull(),
    language: text("language").notNull().default("en"),
    model: text("model").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    withdrawnAt: text("withdrawn_at"),
  },
  (t) => [index("report_snapshots_assessment").on(t.assessmentId)],
);

export const outboxStatuses = ["queued", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
export const outboxKinds = ["invitation", "reminder", "announcement", "password_reset"] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/**
 * Mail waiting to go out, going out, sent or failed (src/mail/). The bodies hold a placeholder where the link goes:
 * the link is derived at sending time from `linkRef`, so the table alone reveals no working invitation or reset link.
 * The Message-ID is chosen when the message is queued, before any attempt to send it.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id").references(() => assessments.id, { onDelete: "cascade" }),
    invitationId: integer("invitation_id").references(() => invitations.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: outboxKinds }).notNull(),
    /** What the message is for within its kind, e.g. "schedule:7" for the reminder seven days before closing. */
    tag: text("tag"),
    recipient: text("recipient").notNull(),
    language: text("language").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** Where the link comes from at sending time: "invitation:<id>", "reset:<sealed token>", "report-link:<id>". */
    linkRef: text("link_ref"),
    messageId: text("message_id").notNull().unique(),
    status: text("status", { enum: outboxStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: text("next_attempt_at").notNull(),
    /** When the current attempt began (status sending): a claim older than the lease is an interrupted attempt. */
    claimedAt: text("claimed_at"),
    sentAt: text("sent_at"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_assessment").on(t.assessmentId),
    index("outbox_invitation").on(t.invitationId, t.kind),
  ],
);

/** A revocable public link to a published report: HMAC(secret, seed) like invitation links, looked up by its SHA-256. */
export const reportLinks = sqliteTable(
  "report_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    tokenSeed: text("token_seed").notNull(),
    tokenLookup: text("token_lookup").notNull().unique(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("report_links_assessment").on(t.assessmentId)],
);

export const validationStatuses = ["confirmed", "adjusted", "disputed"] as const;
export type ValidationStatus = (typeof validationStatuses)[number];
export const validationConfidences = ["high", "medium", "low"] as const;
export type ValidationConfidence = (typeof validationConfidences)[number];
export const evidenceRatings = ["sufficient", "partial", "none"] as const;
export type EvidenceRating = (typeof evidenceRatings)[number];

/**
 * An expert's validation of one unit (method.md, "Expert validation"): an organisation × dimension at the levels
 * validated per organisation, or the country × dimension (organisation_id null) at the others. No row: not reviewed.
 * `unitKey` is "country" or "organisation:<id>", so that one unit has one row (SQLite unique indexes let NULLs repeat).
 */
export const validations = sqliteTable(
  "validations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
    unitKey: text("unit_key").notNull(),
    dimensionId: text("dimension_id").notNull(),
    levelId: text("level_id").notNull(),
    status: text("status", { enum: validationStatuses }).notNull(),
    /** The validated current level, 0–5 in steps of 0.5. */
    current: real("current").notNull(),
    /** The validated target; null keeps the unit's self-assessed mean target. */
    target: real("target"),
    confidence: text("confidence", { enum: validationConfidences }).notNull(),
    evidenceRating: text("evidence_rating", { enum: evidenceRatings }).notNull(),
    rationale: text("rationale"),
    /** The self-assessed current level when the decision was made (for the record and the disagreement rule). */
    selfCurrent: real("self_current").notNull(),
    /** When disputed: the level the organisation holds, and why (both views are kept). */
    contestedCurrent: real("contested_current"),
    contestNote: text("contest_note"),
    decidedBy: integer("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: text("decided_at").notNull(),
  },
  (t) => [uniqueIndex("validations_unit").on(t.assessmentId, t.unitKey, t.dimensionId)],
);

export const validationEventKinds = ["decision", "contest", "comment", "withdrawal"] as const;
export type ValidationEventKind = (typeof validationEventKinds)[number];

/** The history of a unit's validation: every decision, contest, comment and withdrawal, append-only. */
export const validationEvents = sqliteTable(
  "validation_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    unitKey: text("unit_key").notNull(),
    dimensionId: text("dimension_id").notNull(),
    kind: text("kind", { enum: validationEventKinds }).notNull(),
    /** The values recorded (decision: status, current, target, confidence, evidence rating; contest: the organisation's level). */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    note: text("note"),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorLabel: text("actor_label").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("validation_events_unit").on(t.assessmentId, t.unitKey, t.dimensionId)],
);

export const evidenceKinds = ["link", "file"] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/**
 * Evidence a respondent attached to one item of their response: a link, or a file stored content-addressed under
 * DATA_DIR/evidence (src/evidence/store.ts) by its SHA-256. The file is on disk before its row is written.
 */
export const evidence = sqliteTable(
  "evidence",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    kind: text("kind", { enum: evidenceKinds }).notNull(),
    url: text("url"),
    note: text("note"),
    fileName: text("file_name"),
    mime: text("mime"),
    size: integer("size"),
    sha256: text("sha256"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("evidence_response_item").on(t.responseId, t.itemId), index("evidence_assessment").on(t.assessmentId), index("evidence_sha256").on(t.sha256)],
);

export const evidenceRatingValues = ["sufficient", "partial", "none"] as const;
export type EvidenceRatingValue = (typeof evidenceRatingValues)[number];

/** An expert's rating of how well a response's evidence for one item supports its answer (read by expert validation). */
export const evidenceItemRatings = sqliteTable(
  "evidence_ratings",
  {
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    rating: text("rating", { enum: evidenceRatingValues }).notNull(),
    ratedBy: integer("rated_by").references(() => users.id, { onDelete: "set null" }),
    ratedAt: text("rated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.itemId] }), index("evidence_ratings_assessment").on(t.assessmentId)],
);

/**
 * Submissions imported from KoboToolbox or ODK (src/exchange/submission-import-service.ts), one row per submission:
 * its instance id (`uuid:…`) within the assessment, and the invitation it became, so that a re-import adds nothing.
 */
export const importedSubmissions = sqliteTable(
  "imported_submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    instanceId: text("instance_id").notNull(),
    invitationId: integer("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    importedBy: integer("imported_by").references(() => users.id, { onDelete: "set null" }),
    importedAt: text("imported_at").notNull(),
  },
  (t) => [uniqueIndex("imported_submissions_instance").on(t.assessmentId, t.instanceId)],
);

/**
 * A counter per assessment that every change to what its report reads bumps (answers through their response,
 * responses, invitations, organisations, validation, evidence, background answers, snapshots, the assessment row),
 * kept by the triggers of migration 0012 so that every writer (pages, command line, imports, another process) counts.
 * Row 0 counts changes to the set of assessments and countries, which decide previous rounds and peer groups.
 * The report cache (src/reports/cache.ts) keeps a model while the counters it read have not moved.
 */
export const resultsVersions = sqliteTable("results_versions", {
  assessmentId: integer("assessment_id").primaryKey(),
  version: integer("version").notNull(),
});

/** Where the money for an action plan entry comes from. */
export const planFundingSources = ["government", "development_partner", "to_be_found"] as const;
export type PlanFundingSource = (typeof planFundingSources)[number];
export const planStatuses = ["planned", "in_progress", "done", "dropped"] as const;
export type PlanStatus = (typeof planStatuses)[number];
/** What an entry's indicator starts from: a dimension's current level, or a share of responses (0–100). */
export const planBaselineKinds = ["dimension", "share"] as const;
export type PlanBaselineKind = (typeof planBaselineKinds)[number];

/**
 * The action plan (issue 22): what the country will do about the gaps of this round, entry by entry, with who leads,
 * when, at what cost, an indicator from the results with its target, and how far it got. The next round of the same
 * country shows each entry's status beside the change measured in its dimension.
 */
export const planEntries = sqliteTable(
  "plan_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: integer("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    /** The roadmap action it was made from (instrument action id), or null for the experts' own. */
    actionId: text("action_id"),
    title: text("title").notNull(),
    leadOrganisation: text("lead_organisation").notNull(),
    othersInvolved: text("others_involved").notNull().default(""),
    startDate: text("start_date"),
    endDate: text("end_date"),
    costAmount: real("cost_amount"),
    costCurrency: text("cost_currency"),
    fundingSource: text("funding_source", { enum: planFundingSources }).notNull(),
    indicator: text("indicator").notNull(),
    /** The dimension the indicator measures: its change is shown in the next round. */
    dimensionId: text("dimension_id"),
    baselineKind: text("baseline_kind", { enum: planBaselineKinds }).notNull(),
    baselineValue: real("baseline_value"),
    targetValue: real("target_value"),
    targetDate: text("target_date"),
    status: text("status", { enum: planStatuses }).notNull(),
    notes: text("notes").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("plan_entries_assessment").on(t.assessmentId)],
);
