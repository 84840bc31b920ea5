// The landing page: what the product is, and where to go next.
import type { Router } from "express";
import type { AppContext } from "../context";
import { anyone, definePage, pageRouter } from "./pages";

export function homeRouter(context: AppContext): Router {
  return pageRouter(context, [definePage({ method: "get", path: "/", access: anyone, view: "home/index", handle: () => ({ titleKey: "home.title" }) })]);
}
