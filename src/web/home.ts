// The landing page: what the product is, and where to go next.
import { Router } from "express";
import type { AppContext } from "../context";

export function homeRouter(_context: AppContext): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.render("home/index", { titleKey: "home.title" });
  });
  return router;
}
