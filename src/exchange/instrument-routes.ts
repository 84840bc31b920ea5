// XLSForm pages of instruments (export any instrument, import an XLSForm as a new instrument folder).
import type { Router } from "express";
import type { Multer } from "multer";
import type { AppContext } from "../context";

export function instrumentRoutes(_router: Router, _context: AppContext, _upload: Multer): void {}
