// What the security middleware adds to express's request and session types.
import type { CatalogueMessage } from "../i18n/translate";
import type { Actor } from "./policy";

export interface FlashMessage {
  kind: "success" | "error" | "warning";
  /** A catalogue key, translated when the next page is shown. */
  key: string;
  /** Its values; a value may be a catalogue message itself (a count phrase, say). */
  params?: CatalogueMessage["params"];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in user (session or API token); undefined for anonymous requests. */
      actor?: Actor;
      /** How `actor` was authenticated. */
      authMethod?: "session" | "token";
      /** Set when the user must choose a new password before doing anything else. */
      mustChangePassword?: boolean;
      /**
       * A file upload's CSRF check, which needs the token in the multipart body: run by the upload middleware once the
       * body is read (src/uploads/middleware.ts); returns the refusal, or undefined when the token is valid.
       */
      csrfCheckAfterUpload?: () => Error | undefined;
    }
  }
}

declare module "express-session" {
  interface SessionData {
    userId?: number;
    /** Messages to show on the next page (after a redirect). */
    flash?: FlashMessage[];
  }
}

export {};
