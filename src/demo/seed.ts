// The demo: a fictional country ("Demoland") with two rounds and three fictional peer countries, answered with
// synthetic but plausible data, so that a newcomer sees a complete report at once. Everything is marked as demo.
import { closingInstant } from "../assessments/deadline";
import { eq } from "drizzle-orm";
import type { Actor } from "../auth/policy";
import { addOrganisation, createAssessment, createInvitation, transitionAssessment, type AssessmentDeps } from "../assessments/service";
import { lookupOf } from "../assessments/tokens";
import type { Country } from "../countries/schema";
import type { AppDatabase } from "../db/client";
import { assessments, countries, type OrganisationType } from "../db/schema";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import { parseExpression, referencedItems } from "../questionnaires/expression";
import type { ReportDeps } from "../reports/build";
import { publishReport } from "../reports/publishing";
import { seedDemoPlan } from "./plan";
import { seedDemoValidations } from "./validations";
import { hiddenItemIds } from "../responses/questionnaire";
import { findInvitationByLookup, type AnswerState } from "../responses/repository";
import { saveAnswers, submitResponse } from "../responses/service";
import { attachDemoEvidence } from "./evidence";
import { saveBackground } from "../responses/background";
import { syntheticBackground } from "./background";
import type { AnswerInput } from "../responses/schemas";
import { seededRandom, syntheticAnswer, type Random } from "./random";

export const DEMO_INSTRUMENT = "digital-government";

/** Fictional countries in the user-assigned ISO range (X..), so they can never clash with a real code. */
export const demoCountries: Country[] = [
  { iso3: "XDL", m49: "901", name: "Demoland (demo)", region: "Asia", subregion: "South-eastern Asia", groups: ["LDC", "LLDC"] },
  { iso3: "XAR", m49: "902", name: "Arcadia (demo)", region: "Asia", subregion: "South-eastern Asia", groups: ["LDC"] },
  { iso3: "XBO", m49: "903", name: "Borealia (demo)", region: "Asia", subregion: "Southern Asia", groups: ["LDC", "LLDC"] },
  { iso3: "XCO", m49: "904", name: "Coralia (demo)", region: "Oceania", subregion: "Melanesia", groups: ["LDC", "SIDS"] },
];

interface DemoOrganisation {
  name: string;
  type: OrganisationType;
  /** Levels answered by the organisation's senior staff, and how many officials answer the individual level. */
  seniors: number;
  officials: number;
  experts: number;
  maturity: number;
}

const demolandOrganisations: DemoOrganisation[] = [
  { name: "Ministry of Digital Economy and ICT", type: "ministry", seniors: 3, officials: 6, experts: 0, maturity: 2.6 },
  { name: "Ministry of Finance", type: "ministry", seniors: 3, officials: 6, experts: 0, maturity: 2.3 },
  { name: "Ministry of Health", type: "ministry", seniors: 3, officials: 5, experts: 0, maturity: 1.6 },
  { name: "Ministry of Education", type: "ministry", seniors: 3, officials: 5, experts: 0, maturity: 1.4 },
  { name: "National Statistics Office", type: "agency", seniors: 3, officials: 5, experts: 2, maturity: 2.1 },
  { name: "Revenue Authority", type: "agency", seniors: 3, officials: 6, experts: 0, maturity: 2.8 },
  { name: "Capital City Council", type: "local_government", seniors: 2, officials: 4, experts: 0, maturity: 1.2 },
  { name: "National University", type: "academia", seniors: 0, officials: 0, experts: 3, maturity: 1.8 },
  { name: "Digital Inclusion Civil Society Forum", type: "civil_society", seniors: 0, officials: 0, experts: 4, maturity: 1.5 },
];

const peerOrganisations: DemoOrganisation[] = [
  { name: "Ministry of Communications", type: "ministry", seniors: 4, officials: 6, experts: 0, maturity: 2 },
  { name: "Ministry of Planning", type: "ministry", seniors: 3, officials: 5, experts: 0, maturity: 2 },
  { name: "Digital Government Agency", type: "agency", seniors: 3, officials: 5, experts: 2, maturity: 2 },
  { name: "Civil Society Network", type: "civil_society", seniors: 0, officials: 0, experts: 4, maturity: 2 },
];

export interface DemoDeps extends AssessmentDeps {
  instruments: InstrumentCatalog;
  countries: ReportDeps["countries"];
  /** Where the demo's evidence files go (DATA_DIR); without it the demo has no evidence files. */
  config?: { dataDir: string };
}

export interface DemoSeedResult {
  seeded: boolean;
  assessmentIds: number[];
}

export function hasDemo(database: AppDatabase): boolean {
  return database.db.select({ id: assessments.id }).from(assessments).where(eq(assessments.isDemo, true)).limit(1).get() !== undefined;
}

/** Seeds the demo once: a second call finds it and does nothing. */
export function seedDemo(deps: DemoDeps, actor: Actor): DemoSeedResult {
  if (hasDemo(deps.database)) return { seeded: false, assessmentIds: [] };
  const instrument = deps.instruments.current(DEMO_INSTRUMENT);
  if (!instrument) throw new Error(`The demo needs the ${DEMO_INSTRUMENT} instrument under questionnaires/.`);
  for (const country of demoCountries) {
    deps.database.db
      .insert(countries)
      .values({ iso3: country.iso3, m49: country.m49, name: country.name, region: country.region, subregion: country.subregion, groups: [...country.groups] })
      .onConflictDoNothing()
      .run();
  }
  const random = seededRandom(20261123);
  const ids: number[] = [];
  const allLevels = instrument.levels.map((l) => l.id);
  const peerMaturity: Record<string, number> = { XAR: 2.2, XBO: 1.7, XCO: 1.9 };
  for (const peer of demoCountries.filter((c) => c.iso3 !== "XDL")) {
    ids.push(
      seedRound(deps, actor, random, {
        iso3: peer.iso3,
        round: "2025",
        organisations: peerOrganisations.map((o) => ({ ...o, maturity: peerMaturity[peer.iso3] + random.normal(0, 0.3) })),
        levels: allLevels,
        start: new Date("2025-03-03T08:00:00Z"),
        submittedShare: 1,
        finalStatus: "published",
        growth: 0,
      }),
    );
  }
  ids.push(
    seedRound(deps, actor, random, {
      iso3: "XDL",
      round: "2024",
      organisations: demolandOrganisations,
      levels: allLevels,
      start: new Date("2024-04-08T08:00:00Z"),
      submittedShare: 0.92,
      finalStatus: "published",
      growth: 0,
      validated: true,
    }),
  );
  ids.push(
    seedRound(deps, actor, random, {
      iso3: "XDL",
      round: "2026",
      organisations: demolandOrganisations,
      levels: allLevels,
      start: new Date("2026-10-05T08:00:00Z"),
      submittedShare: 0.8,
      finalStatus: "open",
      // Two years of reform: data, infrastructure and strategy matured most.
      growth: 0.45,
    }),
  );
  // The 2024 round's action plan, followed up by the 2026 round.
  seedDemoPlan(deps, actor, ids[ids.length - 2], ids[ids.length - 1], new Date("2024-07-15T09:00:00Z"));
  deps.database.db.update(assessments).set({ isDemo: true }).where(eq(assessments.countryIso3, "XDL")).run();
  for (const peer of ["XAR", "XBO", "XCO"]) deps.database.db.update(assessments).set({ isDemo: true }).where(eq(assessments.countryIso3, peer)).run();
  return { seeded: true, assessmentIds: ids };
}

interface RoundPlan {
  iso3: string;
  round: string;
  organisations: DemoOrganisation[];
  levels: string[];
  start: Date;
  submittedShare: number;
  finalStatus: "open" | "published";
  growth: number;
  /** An expert validated the round before it was published. */
  validated?: boolean;
}

function seedRound(deps: DemoDeps, actor: Actor, random: Random, plan: RoundPlan): number {
  const instrument = deps.instruments.current(DEMO_INSTRUMENT)!;
  // The open round closes four weeks after the day it is seeded, so the demo can be answered whenever it is installed.
  const closes = plan.finalStatus === "open" ? new Date(deps.clock().getTime() + 28 * 86_400_000) : new Date(plan.start.getTime() + 42 * 86_400_000);
  const id = createAssessment(deps, actor, {
    countryIso3: plan.iso3,
    instrumentId: DEMO_INSTRUMENT,
    roundLabel: plan.round,
    levels: plan.levels,
    languages: deps.instruments.languagesOf(instrument),
    opensOn: plan.start.toISOString().slice(0, 10),
    // A past round gets its closing date once it is over (a round cannot be opened after its closing time).
    closesOn: plan.finalStatus === "open" ? closes.toISOString().slice(0, 10) : undefined,
    minGroupSize: 3,
  });
  // Each dimension has its own national maturity, so the report shows real contrasts between dimensions.
  const dimensionShift = new Map<string, number>();
  for (const level of instrument.levels) for (const dimension of level.dimensions) dimensionShift.set(dimension.id, random.normal(0, 0.55));
  const invitations: { token: string; maturity: number; levels: string[] }[] = [];
  // Items some condition reads (the questions follow-ups depend on).
  const followedUp = new Set(
    instrument.levels.flatMap((l) =>
      l.dimensions.flatMap((d) => d.items.flatMap((i) => (i.relevance ? referencedItems(parseExpression(i.relevance)).map((r) => r.item) : []))),
    ),
  );
  for (const organisation of plan.organisations) {
    const organisationId = addOrganisation(deps, actor, id, { name: organisation.name, type: organisation.type });
    const invite = (levels: string[], count: number) => {
      for (let i = 0; i < count; i++) {
        const { token } = createInvitation(deps, actor, id, { organisationId, levels, language: "en" });
        invitations.push({ token, maturity: organisation.maturity + plan.growth, levels });
      }
    };
    invite(
      ["institutional", "organisational"].filter((l) => plan.levels.includes(l)),
      organisation.seniors,
    );
    invite(
      ["individual"].filter((l) => plan.levels.includes(l)),
      organisation.officials,
    );
    invite(
      ["societal"].filter((l) => plan.levels.includes(l)),
      organisation.experts,
    );
  }
  transitionAssessment(deps, actor, id, "open");
  let clock = plan.start.getTime();
  invitations.forEach((invitationPlan, index) => {
    const roll = random.next();
    const willSubmit = roll < plan.submittedShare;
    const willStart = willSubmit || roll < plan.submittedShare + 0.08;
    if (!willStart || invitationPlan.levels.length === 0) return;
    const invitation = findInvitationByLookup(deps.database, lookupOf(invitationPlan.token))!;
    clock += random.int(20, 600) * 60_000;
    const answers: AnswerInput[] = [];
    const given = new Map<string, AnswerState>();
    // Background answers come from their own generator, so the ratings' random sequence stays as it was.
    const background = syntheticBackground(seededRandom(7919 + index), instrument, invitationPlan.levels);
    for (const level of instrument.levels.filter((l) => invitationPlan.levels.includes(l.id))) {
      for (const dimension of level.dimensions) {
        const maturity = invitationPlan.maturity + background.shift + (dimensionShift.get(dimension.id) ?? 0) + random.normal(0, 0.35);
        dimension.items.forEach((item, itemIndex) => {
          // A respondent who has not submitted stopped part-way through: always after the question a follow-up depends
          // on, and before the follow-up, so opening such a link in the open round shows a follow-up waiting (or not).
          const isStoppedHere = !willSubmit && random.next() < 0.5;
          if (!willSubmit && item.relevance !== undefined) return;
          if (isStoppedHere && !followedUp.has(item.id)) return;
          // A follow-up whose condition is false on the answers given is not asked: no answer is stored for it.
          if (item.relevance !== undefined && hiddenItemIds(instrument, given).has(item.id)) return;
          // The first item of each dimension is the most familiar; later ones draw more "don't know".
          const answer = syntheticAnswer(random, maturity, 1.6 + random.normal(0, 0.3), itemIndex === 0 ? 0.02 : 0.07);
          answers.push({ itemId: item.id, ...answer, comment: null });
          given.set(item.id, answer);
        });
      }
    }
    saveBackground(deps.database, invitation, background.answers, { source: "seed", now: new Date(clock) });
    saveAnswers(deps.database, invitation, answers, { source: "seed", now: new Date(clock) });
    // The first few respondents of each round back some answers with a demo document and a link.
    if (deps.config && index < 8 && answers.length)
      attachDemoEvidence(
        deps.database,
        deps.config.dataDir,
        instrument,
        invitation,
        new Set(answers.filter((a) => a.kind === "answered").map((a) => a.itemId)),
        index,
        new Date(clock),
      );
    if (willSubmit) submitResponse(deps.database, invitation, new Date(clock + 15 * 60_000));
    if (index % 7 === 0) clock += 86_400_000;
  });
  if (plan.finalStatus === "published") {
    transitionAssessment(deps, actor, id, "close");
    if (plan.validated) seedDemoValidations({ ...deps, clock: () => new Date(closes.getTime() + 3 * 86_400_000) }, actor, id);
    publishReport(deps, actor, id, { now: new Date(closes.getTime() + 7 * 86_400_000) });
    const closesOn = closes.toISOString().slice(0, 10);
    deps.database.db
      .update(assessments)
      .set({ closesOn, closesAt: closingInstant(closesOn, null, "UTC") })
      .where(eq(assessments.id, id))
      .run();
  }
  return id;
}
