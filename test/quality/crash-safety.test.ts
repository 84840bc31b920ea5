// Nothing acknowledged is lost: hundreds of concurrent autosaves, the server killed with SIGKILL mid-stream,
// restarted, and every save it acknowledged is in the database, which passes an integrity check. Once with one
// process, once with WEB_CONCURRENCY=2 (the primary and both workers killed at once, as by a power cut).
import { afterAll, describe, expect, it } from "vitest";
import { buildContext } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/client";
import { lookupOf } from "../../src/assessments/tokens";
import { findInvitationByLookup, loadAnswers } from "../../src/responses/repository";
import { makeTempDir } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";
import { startChildApp, type ChildApp } from "../support/child-app";

describe.each([1, 2])("crash safety with WEB_CONCURRENCY=%i", (workers) => {
  const dataDir = makeTempDir();
  const env = {
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    ADMIN_EMAIL: "crash@example.org",
    ADMIN_PASSWORD: "crash-test-password",
    WEB_CONCURRENCY: String(workers),
  };
  let running: ChildApp | undefined;
  afterAll(async () => {
    await running?.stop("SIGKILL");
  });

  it("keeps every acknowledged autosave after a SIGKILL", async () => {
    // Set up an open assessment with 20 invitations in the data folder the server will use.
    const setup = await buildContext(loadConfig({ ...env, NODE_ENV: "test", LOG_LEVEL: "silent" }));
    const assessment = anAssessment(setup, { status: "open" });
    const tokens = Array.from({ length: 20 }, () => anInvitation(setup, assessment, { levels: ["organisational"] }).token);
    const items = setup.instruments
      .current("digital-government")!
      .levels.find((l) => l.id === "organisational")!
      .dimensions.flatMap((d) => d.items.filter((i) => !i.relevance).map((i) => i.id));
    const firstPage = setup.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0].id;
    setup.database.close();

    running = await startChildApp(env);
    const sessions = await Promise.all(
      tokens.map(async (token) => {
        const res = await fetch(`${running!.url}/r/${token}/p/${firstPage}`);
        const html = await res.text();
        return {
          token,
          cookie: res.headers
            .getSetCookie()
            .map((c) => c.split(";")[0])
            .join("; "),
          csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1],
        };
      }),
    );
    const acknowledged: { token: string; item: string; current: number }[] = [];
    let killed = false;
    const saves = sessions.flatMap((s, si) =>
      items.map(async (item, ii) => {
        const current = (si + ii) % 6;
        try {
          const res = await fetch(`${running!.url}/r/${s.token}/autosave`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrf },
            body: JSON.stringify({ [`current.${item}`]: String(current), [`target.${item}`]: "5", [`importance.${item}`]: "3" }),
          });
          if (res.status === 200 && (await res.json()).saved?.includes(item)) acknowledged.push({ token: s.token, item, current });
          if (!killed && acknowledged.length >= 120) {
            killed = true;
            // Every process of the app: the primary and its workers.
            void running!.stop("SIGKILL");
          }
        } catch {
          // Requests in flight when the server died: not acknowledged, so nothing is promised for them.
        }
      }),
    );
    await Promise.all(saves);
    expect(saves.length).toBeGreaterThanOrEqual(500);
    expect(killed).toBe(true);
    await running.stop("SIGKILL");
    if (workers > 1) {
      // Both workers had acknowledged saves before the kill.
      const served = new Set(
        running
          .output()
          .split("\n")
          .filter((line) => line.startsWith("{") && line.includes("autosave"))
          .map((line) => JSON.parse(line) as { worker?: number; req?: { url: string }; res?: { statusCode: number } })
          .filter((l) => l.req?.url.endsWith("/autosave") && l.res?.statusCode === 200)
          .map((l) => l.worker),
      );
      expect(served.size).toBe(workers);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(120);

    const database = openDatabase(`${dataDir}/cna.sqlite`);
    expect(database.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    for (const save of acknowledged) {
      const invitation = findInvitationByLookup(database, lookupOf(save.token))!;
      const answer = loadAnswers(database, invitation.responseId).get(save.item);
      expect(answer, `${save.item} of ${save.token.slice(0, 6)}`).toMatchObject({ kind: "answered", current: save.current, target: 5, importance: 3 });
    }
    database.close();

    // The server starts again on the same files and serves the saved answers.
    running = await startChildApp(env);
    const health = await fetch(`${running.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    await running.stop();
  }, 120_000);
});
