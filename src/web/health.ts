// GET /healthz: the process is up and the database answers.
import { Router } from "express";
import { isDatabaseHealthy, type AppDatabase } from "../db/client";

export function healthRouter(database: AppDatabase): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    if (isDatabaseHealthy(database)) res.json({ status: "ok" });
    else res.status(503).json({ status: "unavailable", detail: "The database does not answer." });
  });
  return router;
}
