// definePage (src/web/pages.ts): a page's access is checked once, before anything of the request is read; its path
// ids, body and query are parsed with zod; onInvalid answers a refused body; results become redirects or renders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { onAssessment } from "../../src/assessments/access";
import { definePage, pageRouter, pathId, redirect } from "../../src/web/pages";
import type { TestApp } from "../support/app";
import { anAssessment } from "../support/builders";
import { Browser, insertUser, PASSWORD, startApp } from "../auth/support";

describe("definePage", () => {
  let app: TestApp;
  let assessmentId: number;
  const seen: string[] = [];

  beforeAll(async () => {
    app = await startApp({
      extraRoutes: [
        (express, context) =>
          express.use(
            pageRouter(context, [
              definePage({
                method: "post",
                path: "/test/pages/:id/things/:thingId",
                access: onAssessment("assessment.edit"),
                params: z.object({ thingId: pathId }),
                body: z.object({ name: z.string().min(1, "must not be empty") }),
                handle: ({ assessment, params, body }) => {
                  seen.push(`${assessment.id}/${params.thingId}/${body.name}`);
                  return redirect(`/test/pages/${assessment.id}/things/${params.thingId}`);
                },
                onInvalid: ({ res, values }, error) => {
                  res.status(422).json({ fields: error.fields, sent: values.name ?? null });
                },
              }),
            ]),
          ),
      ],
    });
    assessmentId = anAssessment(app.context).id;
  });
  afterAll(() => app.close());

  const signedIn = async (role: "admin" | "analyst") => {
    const browser = new Browser(app.url);
    const user = insertUser(app.context, { role });
    expect((await browser.signIn(user.email, PASSWORD)).status).toBe(303);
    return browser;
  };

  it("loads the object, asks the policy, parses the path and the body, then answers the handler's redirect", async () => {
    const admin = await signedIn("admin");
    const reply = await admin.post(`/test/pages/${assessmentId}/things/7`, { name: "seven" });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/test/pages/${assessmentId}/things/7`);
    expect(seen).toContain(`${assessmentId}/7/seven`);
  });

  it("hands a refused body to onInvalid, naming the field", async () => {
    const admin = await signedIn("admin");
    const reply = await admin.post(`/test/pages/${assessmentId}/things/7`, { name: "" });
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.text)).toEqual({ fields: { name: "must not be empty" }, sent: "" });
  });

  it("refuses before reading anything: a user without the right gets 403 whatever the body, anonymous the sign-in page", async () => {
    const analyst = await signedIn("analyst");
    expect((await analyst.post(`/test/pages/${assessmentId}/things/7`, { name: "" })).status).toBe(403);
    expect((await analyst.post(`/test/pages/${assessmentId}/things/x`, { name: "" })).status).toBe(403);
    const anonymous = await new Browser(app.url).post(`/test/pages/${assessmentId}/things/7`, { name: "seven" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toMatch(/^\/sign-in/);
  });

  it("answers 404 for an unknown object or a path id that does not parse", async () => {
    const admin = await signedIn("admin");
    for (const path of [
      "/test/pages/999999/things/7",
      "/test/pages/abc/things/7",
      "/test/pages/-1/things/7",
      `/test/pages/${assessmentId}/things/x`,
      `/test/pages/${assessmentId}/things/0`,
    ])
      expect((await admin.post(path, { name: "seven" })).status, path).toBe(404);
  });
});
