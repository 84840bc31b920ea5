// The respondent journey over real HTTP, with the form posts a browser without JavaScript sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionAssessment } from "../../src/assessments/service";
import { lookupOf } from "../../src/assessments/tokens";
import { findInvitationByLookup, loadAnswers, loadRevisions } from "../../src/responses/repository";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

describe("the respondent journey", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  const deps = () => ({ database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock });

  beforeAll(async () => {
    app = await startTestApp();
    assessment = anAssessment(app.context, { status: "open" });
  });
  afterAll(() => app.close());

  const invitationOf = (token: string) => findInvitationByLookup(app.context.database, lookupOf(token))!;

  it("walks from the welcome page through every page to submission without JavaScript", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const browser = new FormClient(app.url);
    const welcome = await browser.get(`/r/${token}`);
    expect(welcome.status).toBe(200);
    expect(welcome.text).toContain("Ministry of Finance");
    expect(welcome.text).toMatch(/Questions answered: 0 of \d+/);
    const instrument = app.context.instruments.current("digital-government")!;
    const dimensions = instrument.levels.find((l) => l.id === "organisational")!.dimensions;
    let page = await browser.get(`/r/${token}/p/${dimensions[0].id}`);
    for (const [index, dimension] of dimensions.entries()) {
      expect(page.status).toBe(200);
      expect(page.url).toContain(`/p/${dimension.id}`);
      const fields: Record<string, string> = { intent: "next" };
      for (const item of dimension.items) {
        if (item.relevance) continue;
        fields[`current.${item.id}`] = String(index % 5);
        fields[`target.${item.id}`] = "4";
        fields[`importance.${item.id}`] = "3";
      }
      page = await browser.postForm(`/r/${token}/p/${dimension.id}`, fields);
      // A level of 1 or more shows this page's follow-up: the save comes back to the page, now with it, to answer.
      const followUps = dimension.items.filter((i) => i.relevance);
      if (followUps.length && index % 5 >= 1) {
        expect(page.url).toContain(`/p/${dimension.id}#item-${followUps[0].id}`);
        for (const item of followUps) {
          expect(page.text).toContain(`id="item-${item.id}" data-item="${item.id}" data-relevance=`);
          expect(page.text).not.toMatch(new RegExp(`id="item-${item.id}"[^>]* hidden>`));
          Object.assign(fields, { [`current.${item.id}`]: "2", [`target.${item.id}`]: "3", [`importance.${item.id}`]: "2" });
        }
        page = await browser.postForm(`/r/${token}/p/${dimension.id}`, fields);
      }
    }
    expect(page.url).toContain("/review");
    expect(page.text).toContain("Review and submit");
    const thanks = await browser.postForm(`/r/${token}/submit`, {});
    expect(thanks.url).toContain("/thanks");
    const invitation = invitationOf(token);
    expect(invitation.responseStatus).toBe("submitted");
    expect(invitation.invitationStatus).toBe("submitted");
    const answers = loadAnswers(app.context.database, invitation.responseId);
    expect(answers.get(dimensions[1].items[0].id)).toMatchObject({ kind: "answered", current: 1, target: 4, importance: 3 });
  });

  it("without JavaScript, a save that shows or hides a follow-up comes back to the same page, with the items that apply", async () => {
    const { token } = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const browser = new FormClient(app.url);
    const dimension = app.context.instruments
      .current("digital-government")!
      .levels.find((l) => l.id === "organisational")!
      .dimensions.find((d) => d.items.some((i) => i.relevance))!;
    const followUp = dimension.items.find((i) => i.relevance)!;
    const first = dimension.items[0];
    expect(followUp.relevance).toBe(`current("${first.id}") >= 1`);
    const hiddenMarkup = new RegExp(`id="item-${followUp.id}"[^>]* hidden>`);
    const opened = await browser.get(`/r/${token}/p/${dimension.id}`);
    expect(opened.text).toMatch(hiddenMarkup);
    expect(opened.text).toContain(`name="_shown" value=""`);
    const totalBefore = Number(/Questions answered: \d+ of (\d+)/.exec(opened.text)![1]);

    // Rating the first item 2 makes the follow-up apply: the respondent is brought back to it, not to the next page.
    const level = (id: string, current: string) => ({ [`current.${id}`]: current, [`target.${id}`]: "4", [`importance.${id}`]: "2" });
    let page = await browser.postForm(`/r/${token}/p/${dimension.id}`, { ...level(first.id, "2"), _shown: "", intent: "next" });
    expect(page.url).toContain(`/p/${dimension.id}#item-${followUp.id}`);
    expect(page.text).not.toMatch(hiddenMarkup);
    expect(page.text).toContain(`name="_shown" value="${followUp.id}"`);
    expect(page.text).toMatch(new RegExp(`Questions answered: \\d+ of ${totalBefore + 1}`));

    // Answered, then hidden again by rating the first item 0: back on the page, the follow-up hidden, its answer kept.
    page = await browser.postForm(`/r/${token}/p/${dimension.id}`, {
      ...level(first.id, "2"),
      ...level(followUp.id, "3"),
      _shown: followUp.id,
      intent: "next",
    });
    expect(page.url).not.toContain(`/p/${dimension.id}`);
    page = await browser.postForm(`/r/${token}/p/${dimension.id}`, { ...level(first.id, "0"), _shown: followUp.id, intent: "next" });
    expect(page.url).toMatch(new RegExp(`/p/${dimension.id}$`));
    expect(page.text).toMatch(hiddenMarkup);
    expect(loadAnswers(app.context.database, invitationOf(token).responseId).get(followUp.id)).toMatchObject({ kind: "answered", current: 3 });
    const review = await browser.get(`/r/${token}/review`);
    expect(review.text).not.toContain(`#item-${followUp.id}`);

    // The condition true again: the stored answer comes back with the item.
    page = await browser.postForm(`/r/${token}/p/${dimension.id}`, { ...level(first.id, "1"), _shown: "", intent: "next" });
    expect(page.url).toContain(`#item-${followUp.id}`);
    expect(page.text).toContain(`id="current-${followUp.id}-3" name="current.${followUp.id}" value="3" checked`);
  });

  it("keeps the other answers and shows a message next to the field when one value is invalid", async () => {
    const { token } = anInvitation(app.context, assessment);
    const browser = new FormClient(app.url);
    const instrument = app.context.instruments.current("digital-government")!;
    const dimension = instrument.levels.find((l) => l.id === "organisational")!.dimensions[0];
    const [first, second] = dimension.items;
    await browser.get(`/r/${token}/p/${dimension.id}`);
    const page = await browser.postForm(`/r/${token}/p/${dimension.id}`, {
      [`current.${first.id}`]: "2",
      [`target.${first.id}`]: "9",
      [`importance.${first.id}`]: "2",
      [`current.${second.id}`]: "dk",
      intent: "next",
    });
    expect(page.status).toBe(400);
    expect(page.text).toContain("must be a level from 0 to 5");
    expect(page.text).toMatch(new RegExp(`id="current-${first.id}-2" name="current.${first.id}" value="2" checked`));
    const answers = loadAnswers(app.context.database, invitationOf(token).responseId);
    expect(answers.get(second.id)?.kind).toBe("dontknow");
    expect(answers.has(first.id)).toBe(false);
  });

  it("notes gently, on the saved page, a target below the current level (a legitimate answer, perhaps a slip), in the page's language", async () => {
    const { token } = anInvitation(app.context, assessment);
    const browser = new FormClient(app.url);
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[1];
    const [below, above] = dimension.items;
    const note = (itemId: string, html: string) =>
      new RegExp(`id="item-${itemId}"[\\s\\S]*?<p class="hint target-below" data-target-below( hidden)?>`).exec(html);
    const first = await browser.get(`/r/${token}/p/${dimension.id}`);
    expect(note(below.id, first.text)?.[1]).toBe(" hidden");
    await browser.postForm(`/r/${token}/p/${dimension.id}`, {
      [`current.${below.id}`]: "4",
      [`target.${below.id}`]: "2",
      [`importance.${below.id}`]: "2",
      [`current.${above.id}`]: "2",
      [`target.${above.id}`]: "4",
      [`importance.${above.id}`]: "2",
      intent: "later",
    });
    const saved = await browser.get(`/r/${token}/p/${dimension.id}`);
    expect(note(below.id, saved.text)?.[1]).toBeUndefined();
    expect(note(above.id, saved.text)?.[1]).toBe(" hidden");
    expect(saved.text).toContain("Your target is below the current level. That is a valid answer");
    // Kept as given: no gap, not an error.
    expect(loadAnswers(app.context.database, invitationOf(token).responseId).get(below.id)).toMatchObject({ kind: "answered", current: 4, target: 2 });
  });

  it("resumes where the respondent left off and keeps every save as a revision", async () => {
    const { token } = anInvitation(app.context, assessment);
    const browser = new FormClient(app.url);
    const dimensions = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions;
    const item = dimensions[2].items[0];
    await browser.get(`/r/${token}/p/${dimensions[2].id}`);
    await browser.postForm(`/r/${token}/p/${dimensions[2].id}`, {
      [`current.${item.id}`]: "1",
      [`target.${item.id}`]: "3",
      [`importance.${item.id}`]: "2",
      intent: "later",
    });
    await browser.get(`/r/${token}/p/${dimensions[2].id}`);
    await browser.postForm(`/r/${token}/p/${dimensions[2].id}`, {
      [`current.${item.id}`]: "2",
      [`target.${item.id}`]: "3",
      [`importance.${item.id}`]: "2",
      intent: "later",
    });
    const welcome = await new FormClient(app.url).get(`/r/${token}`);
    expect(welcome.text).toContain(`href="/r/${token}/p/${dimensions[2].id}"`);
    expect(welcome.text).toContain("Continue where you left off");
    const invitation = invitationOf(token);
    const revisions = loadRevisions(app.context.database, invitation.responseId!).filter((r) => r.itemId === item.id);
    expect(revisions.map((r) => r.current)).toEqual([1, 2]);
    expect(loadAnswers(app.context.database, invitation.responseId).get(item.id)?.current).toBe(2);
  });

  it("autosaves with JavaScript and answers with the progress", async () => {
    const { token } = anInvitation(app.context, assessment);
    const browser = new FormClient(app.url);
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    const item = dimension.items[0];
    await browser.get(`/r/${token}/p/${dimension.id}`);
    const res = await browser.postJson(
      `/r/${token}/autosave`,
      { page: dimension.id, [`current.${item.id}`]: "3", [`target.${item.id}`]: "5", [`importance.${item.id}`]: "3" },
      { "x-csrf-token": browser.csrfToken() },
    );
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.saved).toEqual([item.id]);
    expect(body.progress.answered).toBe(1);
    expect(loadRevisions(app.context.database, invitationOf(token).responseId!)[0].source).toBe("autosave");
  });

  it("treats a repeated submit as harmless", async () => {
    const { token } = anInvitation(app.context, assessment);
    const browser = new FormClient(app.url);
    await browser.get(`/r/${token}/review`);
    await browser.postForm(`/r/${token}/submit`, {});
    const first = invitationOf(token).submittedAt;
    await browser.get(`/r/${token}/review`);
    const again = await browser.postForm(`/r/${token}/submit`, {});
    expect(again.status).toBe(200);
    expect(invitationOf(token).submittedAt).toBe(first);
  });

  it("answers unknown, malformed and withdrawn links with the same plain 404", async () => {
    const { token, id } = anInvitation(app.context, assessment);
    const { revokeInvitation } = await import("../../src/assessments/service");
    revokeInvitation(deps(), assessment.owner, assessment.id, id);
    const texts: string[] = [];
    for (const path of [`/r/${token}`, `/r/${"A".repeat(43)}`, "/r/short", `/r/${token}/review`]) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(404);
      texts.push((await res.text()).replace(/name="_csrf" value="[^"]*"/, ""));
    }
    expect(new Set(texts.slice(0, 3)).size).toBe(1);
  });

  it("refuses writes once the assessment is closed and shows a read-only summary", async () => {
    const closing = anAssessment(app.context, { status: "open" });
    const { token } = anInvitation(app.context, closing);
    const browser = new FormClient(app.url);
    const dimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    const item = dimension.items[0];
    await browser.get(`/r/${token}/p/${dimension.id}`);
    const csrf = browser.csrfToken();
    await browser.postForm(`/r/${token}/p/${dimension.id}`, {
      [`current.${item.id}`]: "2",
      [`target.${item.id}`]: "3",
      [`importance.${item.id}`]: "1",
      intent: "later",
    });
    transitionAssessment(deps(), closing.owner, closing.id, "close");
    const summary = await browser.get(`/r/${token}`);
    expect(summary.text).toContain("This assessment is closed");
    const refused = await browser.postForm(`/r/${token}/p/${dimension.id}`, { [`current.${item.id}`]: "5", intent: "next" }, { csrf });
    expect(refused.status).toBe(409);
    const autosave = await browser.postJson(`/r/${token}/autosave`, { [`current.${item.id}`]: "5" }, { "x-csrf-token": csrf });
    expect(autosave.status).toBe(409);
    expect(loadAnswers(app.context.database, invitationOf(token).responseId).get(item.id)?.current).toBe(2);
  });

  it("never lets one respondent write another's answers: items outside the questionnaire are refused", async () => {
    const a = anInvitation(app.context, assessment, { levels: ["organisational"] });
    const b = anInvitation(app.context, assessment, { levels: ["individual"] });
    const individualItem = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "individual")!.dimensions[0].items[0];
    const browser = new FormClient(app.url);
    const orgDimension = app.context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    await browser.get(`/r/${a.token}/p/${orgDimension.id}`);
    const csrfOfA = browser.csrfToken();
    const res = await browser.postJson(`/r/${a.token}/autosave`, { [`current.${individualItem.id}`]: "5" }, { "x-csrf-token": csrfOfA });
    expect(res.status).toBe(400);
    const wrongPage = await browser.get(`/r/${a.token}/p/${individualItem.id.replace(/-\d+$/, "")}`);
    expect(wrongPage.status).toBe(404);
    // Token swapping: a's CSRF token and cookies do not authorise writes through b's link.
    const swapped = await browser.postJson(`/r/${b.token}/autosave`, { [`current.${individualItem.id}`]: "5" }, { "x-csrf-token": csrfOfA });
    expect(swapped.status).toBe(403);
    expect(invitationOf(b.token).responseId).toBeNull();
  });
});
