// The invitation and progress lists at national scale (issue 26), over real HTTP: keyset pages that stay stable while
// invitations arrive, filters that combine and survive in links, a count for every filter value, per-row
// authorisation, strict query parsing (a clear 400, never a 500), and bulk actions on a filtered set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation } from "../../src/assessments/service";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aUser, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";

/** Invitation ids of a list page, in order (each row has a link field or an action form naming the invitation). */
function idsOn(html: string): number[] {
  return [...html.matchAll(/id="(?:link|remind)-(\d+)"/g)].map((m) => Number(m[1]));
}

function nextHref(html: string): string | null {
  const match = /<a href="([^"]+)" rel="next">/.exec(html);
  return match ? match[1].replace(/&amp;/g, "&").replace(/&#x3D;/g, "=") : null;
}

describe("staff lists of invitations", () => {
  let app: AuthTestApp;
  let expert: Browser;
  let round: BuiltAssessment;
  let other: BuiltAssessment;
  const sql = () => app.context.database.sqlite;
  let invited = 0;

  const invite = (assessment: BuiltAssessment, n: number, options: { organisation?: number; level?: string; language?: string; name?: string } = {}) => {
    for (let i = 0; i < n; i++) {
      createInvitation(app.context, assessment.owner, assessment.id, {
        organisationId: options.organisation ?? assessment.organisationIds[i % assessment.organisationIds.length],
        name: options.name ?? `Person ${i}`,
        email: `person.${assessment.id}.${++invited}@example.org`,
        levels: [options.level ?? (i % 2 ? "organisational" : "individual")],
        language: options.language ?? (i % 3 ? "en" : "fr"),
      });
    }
  };

  beforeAll(async () => {
    app = await startApp();
    const owner = aUser(app.context, "expert");
    round = anAssessment(app.context, {
      country: "LAO",
      status: "open",
      owner,
      languages: ["en", "fr"],
      organisations: ["Ministry of Finance", "Ministry of Health", "Statistics Office"],
    });
    other = anAssessment(app.context, { country: "NPL", status: "open", languages: ["en", "fr"], organisations: ["Nepal Planning Commission"] });
    invite(round, 130);
    invite(other, 30);
    expert = new Browser(app.url);
    expect((await expert.signIn(owner.email, TEST_PASSWORD)).status).toBe(303);
  });
  afterAll(() => app.close());

  it("pages through every invitation once, with no row skipped or repeated while new invitations arrive", async () => {
    const expected = sql().prepare("select id from invitations where assessment_id = ? order by id").pluck().all(round.id) as number[];
    const seen: number[] = [];
    let href: string | null = `/assessments/${round.id}/invitations?size=25`;
    let pages = 0;
    while (href) {
      const page = await expert.get(href);
      expect(page.status).toBe(200);
      seen.push(...idsOn(page.text));
      // Invitations arrive between two page views, in every organisation.
      invite(round, 7);
      href = nextHref(page.text);
      if (++pages > 40) throw new Error("the pages never end");
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => expected.includes(id))).toEqual(expected);
    expect(seen.slice(0, expected.length)).toEqual(expected);
  });

  it("goes back a page with the previous link, and refuses bad cursors, page sizes, unknown and repeated filters with a 400 naming them", async () => {
    const first = await expert.get(`/assessments/${round.id}/invitations?size=25`);
    const second = await expert.get(nextHref(first.text)!);
    const previous = /<a href="([^"]+)" rel="prev">/
      .exec(second.text)![1]
      .replace(/&amp;/g, "&")
      .replace(/&#x3D;/g, "=");
    expect(idsOn((await expert.get(previous)).text)).toEqual(idsOn(first.text));

    for (const [query, field] of [
      ["after=not-a-cursor!", "after"],
      ["after=AAAA", "after"],
      ["before=%00", "before"],
      ["size=1000000", "size"],
      ["size=-1", "size"],
      ["colour=blue", "colour"],
      ["status=lost", "status"],
      ["status=invited&status=started", "status"],
      ["organisation=99999999999999999999", "organisation"],
      ["level=galactic", "level"],
      ["language=xx", "language"],
      [`q=${"x".repeat(300)}`, "q"],
      ["q=a%00b", "q"],
    ]) {
      const reply = await expert.get(`/assessments/${round.id}/invitations?${query}`);
      expect(reply.status, query).toBe(400);
      expect(textOf(reply.text), query).toContain(field);
    }
    const progress = await expert.get(`/assessments/${round.id}/progress?status=submitted`);
    expect(progress.status).toBe(400);
    expect(textOf(progress.text)).toMatch(/must be one of: invited, started/);
  });

  it("combines filters, keeps them in every link, and counts each filter value in the list's shape", async () => {
    const [finance, health] = round.organisationIds;
    createInvitation(app.context, round.owner, round.id, {
      organisationId: health,
      name: "Zainab Qureshi",
      email: "zq@ministry.test",
      levels: ["organisational"],
      language: "fr",
    });
    const query = `organisation=${health}&level=organisational&language=fr&status=invited`;
    const page = await expert.get(`/assessments/${round.id}/invitations?${query}&size=25`);
    expect(page.status).toBe(200);
    const expected = sql()
      .prepare(
        `select id from invitations where assessment_id = ? and organisation_id = ? and language = 'fr' and status = 'invited' and revoked_at is null
         and exists (select 1 from json_each(levels) where value = 'organisational') order by id`,
      )
      .pluck()
      .all(round.id, health) as number[];
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOn(page.text)).toEqual(expected.slice(0, 25));
    expect(textOf(page.text)).toContain(`Matching these filters: ${expected.length}.`);
    // Counts per value: each organisation's count under the other filters.
    const financeCount = sql()
      .prepare(
        `select count(*) from invitations where assessment_id = ? and organisation_id = ? and language = 'fr' and status = 'invited' and revoked_at is null
         and exists (select 1 from json_each(levels) where value = 'organisational')`,
      )
      .pluck()
      .get(round.id, finance) as number;
    expect(page.text).toContain(`>Ministry of Finance (${financeCount})</option>`);
    expect(page.text).toMatch(new RegExp(`<option value="${health}" selected>Ministry of Health \\(${expected.length}\\)</option>`));

    // The search goes over names and addresses, with the other filters.
    const found = await expert.get(`/assessments/${round.id}/invitations?${query}&q=qureshi`);
    expect(textOf(found.text)).toContain("Zainab Qureshi");
    expect(idsOn(found.text)).toHaveLength(1);
    expect(idsOn((await expert.get(`/assessments/${round.id}/invitations?q=zq%40ministry`)).text)).toHaveLength(1);
    expect(idsOn((await expert.get(`/assessments/${round.id}/invitations?q=%25`)).text)).toHaveLength(0);

    // The filter form and the page links carry the same filters: following them gives the same list.
    for (const name of ["organisation", "level", "language", "status"]) {
      const values = [...page.text.matchAll(new RegExp(`<select id="f-${name}" name="${name}">([\\s\\S]*?)</select>`, "g"))][0][1];
      expect(values, name).toMatch(/ selected>/);
    }
    const many = await expert.get(`/assessments/${round.id}/invitations?level=organisational&size=25`);
    const next = nextHref(many.text)!;
    const params = new URL(next, app.url).searchParams;
    expect(params.get("level")).toBe("organisational");
    expect(params.get("size")).toBe("25");
    const nextPage = await expert.get(next);
    expect(nextPage.status).toBe(200);
    const levelIds = sql()
      .prepare("select id from invitations where assessment_id = ? and exists (select 1 from json_each(levels) where value = 'organisational') order by id")
      .pluck()
      .all(round.id) as number[];
    expect(idsOn(nextPage.text)).toEqual(levelIds.slice(25, 50));
  });

  it("never shows another country's invitations to a focal point, on any page or filter", async () => {
    const focal = insertUser(app.context, { role: "focal_point", countries: ["LAO"] });
    const browser = new Browser(app.url);
    await browser.signIn(focal.email, focal.password);
    const otherIds = new Set(sql().prepare("select id from invitations where assessment_id = ?").pluck().all(other.id) as number[]);
    expect((await browser.get(`/assessments/${other.id}/invitations`)).status).toBe(403);
    expect((await browser.get(`/assessments/${other.id}/progress`)).status).toBe(403);
    expect((await browser.get(`/assessments/${other.id}/invitations.csv`)).status).toBe(403);
    expect((await browser.get(`/assessments/${other.id}/invitations/bulk?action=download`)).status).toBe(403);
    // Their own round, filtered by the other country's organisation, or started at the other country's rows.
    const foreign = await browser.get(`/assessments/${round.id}/invitations?organisation=${other.organisationIds[0]}`);
    expect(foreign.status).toBe(400);
    expect(textOf(foreign.text)).toContain("is not an organisation of this assessment");
    // A cursor just before the other country's first invitation still reads only this round's rows.
    const foreignCursor = Buffer.from(String(Math.min(...otherIds) - 1)).toString("base64url");
    for (const start of [
      "invitations?size=100",
      "progress?size=100",
      `invitations?size=25&after=${foreignCursor}`,
      `progress?size=25&before=${foreignCursor}`,
    ]) {
      let href: string | null = `/assessments/${round.id}/${start}`;
      while (href) {
        const page = await browser.get(href);
        expect(page.status).toBe(200);
        for (const id of idsOn(page.text)) expect(otherIds.has(id), `invitation ${id} of another country on ${href}`).toBe(false);
        expect(textOf(page.text)).not.toContain("Nepal Planning Commission");
        href = nextHref(page.text);
      }
    }
    const csv = await browser.get(`/assessments/${round.id}/invitations.csv`);
    expect(csv.text).not.toContain("Nepal Planning Commission");
  });

  it("lists in progress only those still awaited, split into not started and started", async () => {
    const fresh = anAssessment(app.context, { owner: round.owner, status: "open", languages: ["en", "fr"], organisations: ["Ministry of Education"] });
    const a = anInvitation(app.context, fresh);
    anInvitation(app.context, fresh);
    const page = await expert.get(`/assessments/${fresh.id}/progress`);
    expect(idsOn(page.text)).toHaveLength(2);
    expect(page.text).toContain("Not started (2)");
    sql().prepare("update invitations set status = 'started' where id = ?").run(a.id);
    const started = await expert.get(`/assessments/${fresh.id}/progress?status=started`);
    expect(idsOn(started.text)).toEqual([a.id]);
    expect(started.text).toContain("Started, not submitted (1)");
  });

  it("withdraws a filtered set after a confirmation that counts it, leaving alone what arrived since", async () => {
    const fresh = anAssessment(app.context, { owner: round.owner, status: "open", languages: ["en", "fr"], organisations: ["Agency A", "Agency B"] });
    invite(fresh, 10);
    const [agencyA] = fresh.organisationIds;
    const confirm = await expert.get(`/assessments/${fresh.id}/invitations/bulk?action=revoke&organisation=${agencyA}`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.text)).toContain("This withdraws 5 invitations.");
    const hidden = Object.fromEntries([...confirm.text.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(hidden).toMatchObject({ action: "revoke", organisation: String(agencyA) });
    // One more invitation arrives in Agency A after the confirmation was shown.
    const late = createInvitation(app.context, fresh.owner, fresh.id, { organisationId: agencyA, levels: ["organisational"], language: "en" });

    const { _csrf, ...fields } = hidden;
    expect(_csrf).toBeTruthy();
    const withoutToken = await expert.post(`/assessments/${fresh.id}/invitations/bulk`, fields, { csrf: false });
    expect(withoutToken.status).toBe(403);
    const done = await expert.post(`/assessments/${fresh.id}/invitations/bulk`, fields);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/assessments/${fresh.id}/invitations?organisation=${agencyA}`);
    const revoked = sql()
      .prepare("select organisation_id, count(*) from invitations where assessment_id = ? and revoked_at is not null group by 1")
      .raw()
      .all(fresh.id);
    expect(revoked).toEqual([[agencyA, 5]]);
    expect(sql().prepare("select revoked_at from invitations where id = ?").pluck().get(late.id)).toBeNull();
    const after = await expert.get(done.location!);
    expect(textOf(after.text)).toContain("5 invitations were withdrawn.");
    expect(sql().prepare("select count(*) from audit_log where action = 'invitation.bulk.revoke'").pluck().get()).toBe(1);

    // Renewing the withdrawn ones gives them new links; the CSV of the filtered set has them.
    const before = sql().prepare("select token_seed from invitations where assessment_id = ? and revoked_at is not null order by id").pluck().all(fresh.id);
    const renew = await expert.get(`/assessments/${fresh.id}/invitations/bulk?action=reissue&status=revoked`);
    expect(textOf(renew.text)).toContain("This gives 5 invitations new links.");
    const upTo = /name="upTo" value="(\d+)"/.exec(renew.text)![1];
    expect((await expert.post(`/assessments/${fresh.id}/invitations/bulk`, { action: "reissue", status: "revoked", upTo })).status).toBe(303);
    expect(sql().prepare("select count(*) from invitations where assessment_id = ? and revoked_at is not null").pluck().get(fresh.id)).toBe(0);
    const renewed = sql()
      .prepare(`select token_seed from invitations where assessment_id = ? and organisation_id = ? and id <= ? order by id`)
      .pluck()
      .all(fresh.id, agencyA, Number(upTo));
    expect(renewed.filter((seed) => before.includes(seed))).toEqual([]);
    const csv = await expert.get(`/assessments/${fresh.id}/invitations.csv?organisation=${agencyA}`);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split("\n")).toHaveLength(1 + 6);
    const download = await expert.get(`/assessments/${fresh.id}/invitations/bulk?action=download&organisation=${agencyA}`);
    expect(textOf(download.text)).toContain("The file lists 6 invitations.");
    expect(download.text).toContain(`href="/assessments/${fresh.id}/invitations.csv?organisation&#x3D;${agencyA}"`);
  });

  it("refuses bulk changes on a closed or published round, and bad bulk requests with a 400", async () => {
    const closed = anAssessment(app.context, { owner: round.owner, status: "closed", organisations: ["Agency C"] });
    const refused = await expert.get(`/assessments/${closed.id}/invitations/bulk?action=revoke`);
    expect(refused.status).toBe(409);
    expect(textOf(refused.text)).toContain("The round is closed");
    expect((await expert.post(`/assessments/${closed.id}/invitations/bulk`, { action: "reissue", upTo: "1" })).status).toBe(409);
    expect((await expert.get(`/assessments/${closed.id}/invitations/bulk?action=download`)).status).toBe(200);
    expect((await expert.get(`/assessments/${round.id}/invitations/bulk?action=explode`)).status).toBe(400);
    expect((await expert.post(`/assessments/${round.id}/invitations/bulk`, { action: "revoke" })).status).toBe(400);
    expect((await expert.post(`/assessments/${round.id}/invitations/bulk`, { action: "revoke", upTo: "1", colour: "red" })).status).toBe(400);
  });

  it("pages and filters organisations, assessments and accounts the same way, counting each filter value", async () => {
    const many = anAssessment(app.context, { owner: round.owner, organisations: Array.from({ length: 60 }, (_, i) => `Body ${String(i).padStart(2, "0")}`) });
    sql().prepare("update organisations set type = 'agency' where assessment_id = ? and name like 'Body 1%'").run(many.id);
    const walk = async (browser: Browser, start: string, pattern: RegExp) => {
      const seen: string[] = [];
      let href: string | null = start;
      while (href) {
        const page = await browser.get(href);
        expect(page.status, href).toBe(200);
        seen.push(...[...page.text.matchAll(pattern)].map((m) => m[1]));
        href = nextHref(page.text);
      }
      return seen;
    };
    const organisations = await walk(expert, `/assessments/${many.id}/organisations?size=25`, /id="org-name-(\d+)"/g);
    expect(organisations).toHaveLength(60);
    expect(new Set(organisations).size).toBe(60);
    const agencies = await expert.get(`/assessments/${many.id}/organisations?type=agency`);
    expect(agencies.text).toContain('<option value="agency" selected>Agency (10)</option>');
    expect(agencies.text).toContain(">Ministry (50)</option>");
    expect(textOf(agencies.text)).toContain("Matching these filters: 10.");
    expect((await walk(expert, `/assessments/${many.id}/organisations?q=Body%200&size=25`, /id="org-name-(\d+)"/g)).length).toBe(10);

    const assessments = await walk(expert, "/assessments?size=25", /<a href="\/assessments\/(\d+)">/g);
    const own = sql()
      .prepare("select assessment_id from assessment_members where user_id = ? order by assessment_id desc")
      .pluck()
      .all(round.owner.id)
      .map(String);
    expect(assessments).toEqual(own);
    const open = await expert.get("/assessments?status=open");
    expect(open.text).toMatch(/<option value="open" selected>Open \(\d+\)<\/option>/);

    const admin = insertUser(app.context, { role: "admin" });
    for (let i = 0; i < 30; i++) insertUser(app.context, { role: i % 3 ? "analyst" : "focal_point", email: `listed.${i}@ministry.test` });
    const browser = new Browser(app.url);
    await browser.signIn(admin.email, admin.password);
    const accounts = await walk(browser, "/admin/users?size=25", /<a href="\/admin\/users\/(\d+)">/g);
    expect(accounts).toEqual((sql().prepare("select id from users order by id").pluck().all() as number[]).map(String));
    const focal = await browser.get("/admin/users?role=focal_point&q=listed.");
    expect(textOf(focal.text)).toContain("Matching these filters: 10.");
    expect(focal.text).toContain(">Analyst (20)</option>");
  });

  it("pages and filters the members of an assessment, keeping the filters in every link and counting each role", async () => {
    const team = anAssessment(app.context, { owner: round.owner, organisations: ["Ministry of ICT"] });
    const grant = sql().prepare("insert into assessment_members (assessment_id, user_id, role) values (?, ?, ?)");
    for (let i = 0; i < 70; i++)
      grant.run(
        team.id,
        insertUser(app.context, { role: i % 5 ? "analyst" : "expert", email: `member.${String(i).padStart(2, "0")}@team.test` }).id,
        i % 5 ? "analyst" : "expert",
      );
    const members = (html: string) => [...html.matchAll(/members\/(\d+)\/edit"/g)].map((m) => Number(m[1]));
    const expected = sql()
      .prepare("select user_id from assessment_members where assessment_id = ? and role <> 'owner' order by user_id")
      .pluck()
      .all(team.id) as number[];
    const seen: number[] = [];
    let href: string | null = `/assessments/${team.id}/members?size=25`;
    let pages = 0;
    while (href) {
      const page = await expert.get(href);
      expect(page.status, href).toBe(200);
      seen.push(...members(page.text));
      href = nextHref(page.text);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);

    const analysts = await expert.get(`/assessments/${team.id}/members?role=analyst&q=team.test&size=25`);
    expect(analysts.text).toContain('<option value="analyst" selected>Analyst (reads the results) (56)</option>');
    expect(analysts.text).toContain(">Expert (runs the assessment) (14)</option>");
    expect(textOf(analysts.text)).toContain("Matching these filters: 56.");
    const next = new URL(nextHref(analysts.text)!, app.url);
    expect(Object.fromEntries(next.searchParams)).toMatchObject({ role: "analyst", q: "team.test", size: "25" });
    const second = await expert.get(next.pathname + next.search);
    expect(members(second.text)).toHaveLength(25);
    expect(textOf(second.text)).not.toMatch(/Expert \(runs the assessment\) member\./);
    expect((await expert.get(`/assessments/${team.id}/members?role=auditor`)).status).toBe(400);
    expect((await expert.get(`/assessments/${team.id}/members?size=1000`)).status).toBe(400);
    expect((await expert.get(`/assessments/${team.id}/members?after=nonsense`)).status).toBe(400);
  });
});
