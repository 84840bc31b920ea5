// Evidence survives a crash: uploads with their page's answers in flight, one upload stopped half-way, the server
// killed with SIGKILL; then no evidence row lacks its file (or has another's bytes), every acknowledged answer and
// attachment is there, and the restart sweeps what the interrupted uploads left.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildContext } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/client";
import { lookupOf } from "../../src/assessments/tokens";
import { EvidenceStore } from "../../src/evidence/store";
import { findInvitationByLookup, loadAnswers } from "../../src/responses/repository";
import { makeTempDir } from "../support/app";
import { anAssessment, anInvitation } from "../support/builders";
import { startChildApp, type ChildApp } from "../support/child-app";

describe("evidence and a crash", () => {
  const dataDir = makeTempDir();
  const env = { DATA_DIR: dataDir, SEED_DEMO: "false", ADMIN_EMAIL: "crash@example.org", ADMIN_PASSWORD: "crash-test-password" };
  let running: ChildApp | undefined;
  afterAll(async () => {
    await running?.stop("SIGKILL");
  });

  it("leaves no row without its file and loses no acknowledged answer when killed mid-upload", async () => {
    const setup = await buildContext(loadConfig({ ...env, LOG_LEVEL: "silent" }));
    const assessment = anAssessment(setup, { status: "open" });
    const tokens = Array.from({ length: 8 }, () => anInvitation(setup, assessment, { levels: ["organisational"] }).token);
    const dimension = setup.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0];
    const itemId = dimension.items[0].id;
    setup.database.close();

    running = await startChildApp(env);
    const url = running.url;
    const sessions = await Promise.all(
      tokens.map(async (token) => {
        const res = await fetch(`${url}/r/${token}/p/${dimension.id}`);
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
    const fileOf = (token: string, round: number) =>
      Buffer.concat([Buffer.from(`Evidence of ${token} round ${round}\n`), Buffer.alloc(2 * 1024 * 1024, 0x61 + (round % 20))]);

    // One upload that stops half-way: its body is never finished, so the server is mid-upload when it dies.
    const stalled = sessions[0];
    const boundary = "----crash-boundary";
    const request = http.request(`${url}/r/${stalled.token}/p/${dimension.id}`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: stalled.cookie },
    });
    request.on("error", () => undefined);
    request.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${stalled.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="evidenceFile.${itemId}"; filename="half.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    request.write(Buffer.alloc(1024 * 1024, 0x62));

    const acknowledged: { token: string; round: number; current: number; sha256: string }[] = [];
    let killed = false;
    const posts = sessions.slice(1).flatMap((s, si) =>
      [0, 1, 2].map(async (round) => {
        const content = fileOf(s.token, round);
        const current = (si + round) % 6;
        const form = new FormData();
        form.set("_csrf", s.csrf);
        form.set(`current.${itemId}`, String(current));
        form.set(`target.${itemId}`, "5");
        form.set(`importance.${itemId}`, "3");
        form.set("intent", `attach:${itemId}`);
        form.set(`evidenceFile.${itemId}`, new Blob([new Uint8Array(content)]), `minutes-${round}.txt`);
        try {
          const res = await fetch(`${url}/r/${s.token}/p/${dimension.id}`, { method: "POST", body: form, headers: { cookie: s.cookie }, redirect: "manual" });
          if (res.status === 303) acknowledged.push({ token: s.token, round, current, sha256: crypto.createHash("sha256").update(content).digest("hex") });
          if (!killed && acknowledged.length >= 6) {
            killed = true;
            running!.process.kill("SIGKILL");
          }
        } catch {
          // In flight when the server died: nothing is promised for it.
        }
      }),
    );
    await Promise.all(posts);
    if (!killed) running.process.kill("SIGKILL");
    await running.stop("SIGKILL");
    request.destroy();
    expect(acknowledged.length).toBeGreaterThanOrEqual(6);

    const database = openDatabase(path.join(dataDir, "cna.sqlite"));
    expect(database.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    const store = new EvidenceStore(dataDir);
    const rows = database.sqlite.prepare("select response_id, sha256, size from evidence where kind = 'file'").all() as {
      response_id: number;
      sha256: string;
      size: number;
    }[];
    for (const row of rows) {
      const bytes = fs.readFileSync(store.pathOf(row.sha256));
      expect(bytes.length).toBe(row.size);
      expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(row.sha256);
    }
    for (const save of acknowledged) {
      const invitation = findInvitationByLookup(database, lookupOf(save.token))!;
      expect(
        rows.some((r) => r.response_id === invitation.responseId && r.sha256 === save.sha256),
        `evidence of ${save.token.slice(0, 6)} round ${save.round}`,
      ).toBe(true);
      expect(loadAnswers(database, invitation.responseId).get(itemId)?.kind).toBe("answered");
    }
    const referenced = new Set(rows.map((r) => r.sha256));
    database.close();

    // The restart removes the files no row names and the temporary ones; the referenced files stay.
    running = await startChildApp(env);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    await running.stop();
    expect(new Set(store.digests())).toEqual(referenced);
    expect(fs.existsSync(path.join(dataDir, "evidence", "tmp")) ? fs.readdirSync(path.join(dataDir, "evidence", "tmp")) : []).toEqual([]);
  }, 120_000);
});
