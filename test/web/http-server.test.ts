// createHttpServer: requests and responses are born with the app's prototypes, so express's per-request
// Object.setPrototypeOf changes nothing (decision 007), and the app serves as it does on app.listen's server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../../src/web/http-server";

describe("createHttpServer", () => {
  const app = express();
  app.use(express.json());
  app.get("/hello/:name", (req, res) => {
    res
      .status(201)
      .type("text")
      .set("X-Seen", req.get("x-probe") ?? "")
      .send(`hello ${req.params.name} ${req.query.q ?? ""}`);
  });
  app.post("/echo", (req, res) => res.json({ body: req.body, secure: req.secure, path: req.path }));
  const server = createHttpServer(app);
  const atBirth: { request?: object | null; response?: object | null } = {};
  // Runs before express sees the request: what Node built, before any setPrototypeOf.
  server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    atBirth.request = Object.getPrototypeOf(req);
    atBirth.response = Object.getPrototypeOf(res);
  });
  let base = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("builds requests and responses with the app's prototypes, which are still Node's HTTP objects", async () => {
    const reply = await fetch(`${base}/hello/world?q=1`, { headers: { "x-probe": "yes" } });
    expect(reply.status).toBe(201);
    expect(await reply.text()).toBe("hello world 1");
    expect(reply.headers.get("x-seen")).toBe("yes");
    expect(atBirth.request).toBe(app.request);
    expect(atBirth.response).toBe(app.response);
    expect(Object.getPrototypeOf(app.request)).toBe(express.request);
    expect(app.request instanceof http.IncomingMessage).toBe(true);
    expect(app.response instanceof http.ServerResponse).toBe(true);
  });

  it("serves bodies, keep-alive and errors as app.listen's server would", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(`${base}/echo`, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on("error", reject);
        req.end(body);
      });
    const replies = [await post('{"a":1}'), await post('{"b":[2]}'), await post("{broken")];
    agent.destroy();
    expect(replies[0]).toEqual({ status: 200, text: '{"body":{"a":1},"secure":false,"path":"/echo"}' });
    expect(replies[1]).toEqual({ status: 200, text: '{"body":{"b":[2]},"secure":false,"path":"/echo"}' });
    expect(replies[2].status).toBe(400);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });
});
