// GET /healthz: the process is up and the database answers.
import type { Router } from "express";
import type { AppContext } from "../context";
import { isDatabaseHealthy } from "../db/client";
import { anyone, definePage, pageRouter } from "./pages";

export function healthRouter(context: AppContext): Router {
  return pageRouter(context, [
    definePage({
      method: "get",
      path: "/healthz",
      access: anyone,
      handle: ({ res }) => {
        if (isDatabaseHealthy(context.database)) res.json({ status: "ok" });
        else res.status(503).json({ status: "unavailable", detail: "The database does not answer." });
      },
    }),
  ]);
}
