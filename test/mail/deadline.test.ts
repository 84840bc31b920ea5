// Deadlines that hold: a round closes at its closing date and time in its time zone (an injected clock moves past
// it), answers and autosaves are refused with a clear message, the ticker records the closing, and an expert's
// extension (audited) opens it again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closingInstant, zonedInstant } from "../../src/assessments/deadline";
import { updateAssessmentDates } from "../../src/assessments/service";
import { backgroundWork } from "../../src/background";
import { Browser, insertUser, movableClock, textOf, type MovableClock } from "../auth/support";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";
import { FormClient } from "../support/form-client";

describe("closing instants", () => {
  it("read a date and time in the assessment's time zone", () => {
    expect(zonedInstant("2026-12-15", "17:00", "Africa/Nairobi")).toBe("2026-12-15T14:00:00.000Z");
    expect(zonedInstant("2026-07-01", "09:30", "America/New_York")).toBe("2026-07-01T13:30:00.000Z");
    expect(zonedInstant("2026-01-15", "09:30", "America/New_York")).toBe("2026-01-15T14:30:00.000Z");
    expect(closingInstant("2026-03-10", null, "Asia/Vientiane")).toBe("2026-03-10T16:59:00.000Z");
    expect(closingInstant(null, "10:00", "UTC")).toBeNull();
  });
});

describe("a round at its closing time", () => {
  let app: TestApp;
  let clock: MovableClock;

  beforeAll(async () => {
    clock = movableClock(new Date("2026-03-10T13:00:00Z"));
    app = await startTestApp({}, { clock });
  });
  afterAll(() => app.close());

  it("refuses answers and autosaves from the closing instant, closes by itself, and opens again when extended", async () => {
    const assessment = anAssessment(app.context, { status: "open" });
    const deps = { database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock };
    updateAssessmentDates(deps, assessment.owner, assessment.id, { closesOn: "2026-03-10", closesTime: "17:00", timeZone: "Africa/Nairobi" }); // 14:00 UTC
    const { token } = anInvitation(app.context, assessment);
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    const item = dimension.items[0];
    const browser = new FormClient(app.url);
    const welcome = await browser.get(`/r/${token}`);
    expect(textOf(welcome.text)).toContain("March 10, 2026 at 17:00 (Africa/Nairobi)");
    await browser.get(`/r/${token}/p/${dimension.id}`);
    const csrf = browser.csrfToken();
    expect((await browser.postJson(`/r/${token}/autosave`, { [`current.${item.id}`]: "2" }, { "x-csrf-token": csrf })).status).toBe(200);

    clock.advance(60); // 14:00 UTC: the closing instant
    const summary = await browser.get(`/r/${token}/p/${dimension.id}`);
    expect(textOf(summary.text)).toContain("The closing time has passed (March 10, 2026 at 17:00 (Africa/Nairobi)).");
    const refused = await browser.postForm(`/r/${token}/p/${dimension.id}`, { [`current.${item.id}`]: "5", intent: "next" }, { csrf });
    expect(refused.status).toBe(409);
    const autosave = await browser.postJson(`/r/${token}/autosave`, { [`current.${item.id}`]: "5" }, { "x-csrf-token": csrf });
    expect(autosave.status).toBe(409);
    expect(JSON.parse(autosave.text)).toMatchObject({ code: "closed", error: expect.stringContaining("The closing time has passed") });
    expect(app.context.database.sqlite.prepare("select current from answers").pluck().get()).toBe(2);

    // The ticker closes the round, in the audit log as the deadline's doing.
    expect(app.context.database.sqlite.prepare("select status from assessments where id = ?").pluck().get(assessment.id)).toBe("open");
    const work = backgroundWork(app.context);
    await work.tick();
    await work.stop();
    expect(app.context.database.sqlite.prepare("select status from assessments where id = ?").pluck().get(assessment.id)).toBe("closed");
    expect(
      app.context.database.sqlite
        .prepare("select actor_label from audit_log where action = 'assessment.close' and object_id = ?")
        .pluck()
        .get(String(assessment.id)),
    ).toBe("deadline");

    // An expert moves the closing date: an extension, audited, and the round is open again.
    const expert = insertUser(app.context, { role: "expert" });
    app.context.database.sqlite.prepare("insert into assessment_members (assessment_id, user_id, role) values (?, ?, 'owner')").run(assessment.id, expert.id);
    const staff = new Browser(app.url);
    await staff.signIn(expert.email, expert.password);
    const tooEarly = await staff.post(`/assessments/${assessment.id}/transition`, { transition: "reopen" });
    expect(tooEarly.status).toBe(409);
    expect(textOf(tooEarly.text)).toContain("move the closing date first");
    const extended = await staff.post(`/assessments/${assessment.id}/dates`, { closesOn: "2026-03-17", closesTime: "17:00", timeZone: "Africa/Nairobi" });
    expect(extended.status).toBe(303);
    const audit = app.context.database.sqlite
      .prepare("select actor_label, details from audit_log where action = 'assessment.extend' and object_id = ?")
      .get(String(assessment.id)) as { actor_label: string; details: string };
    expect(audit.actor_label).toBe(expert.email);
    expect(JSON.parse(audit.details)).toMatchObject({ reopened: true, closesAt: { from: "2026-03-10T14:00:00.000Z", to: "2026-03-17T14:00:00.000Z" } });
    expect(app.context.database.sqlite.prepare("select status from assessments where id = ?").pluck().get(assessment.id)).toBe("open");
    expect((await browser.postJson(`/r/${token}/autosave`, { [`current.${item.id}`]: "4" }, { "x-csrf-token": csrf })).status).toBe(200);
    const overview = textOf((await staff.get(`/assessments/${assessment.id}`)).text);
    expect(overview).toContain("March 17, 2026 at 17:00 (Africa/Nairobi)");
  });
});
