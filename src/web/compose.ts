// Runs a fixed list of middleware as one handler. The router gives every mounted handler its own layer: a path
// match, a trim and a restore of req.url per layer and per request. For the respondents' short chains (decision 007)
// that bookkeeping cost more than several of the handlers themselves.
import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * One handler that calls `handlers` in order, as the router would: an error (thrown, passed to next, or a rejected
 * promise) skips the rest and goes to the caller's `next`; so do "route" and "router", which only mean something to
 * the router itself.
 */
export function composeHandlers(handlers: readonly RequestHandler[]): RequestHandler {
  const chain = [...handlers];
  return function composedHandlers(req: Request, res: Response, next: NextFunction) {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) return next(error);
      const handler = chain[index++];
      if (!handler) return next();
      try {
        const returned = handler(req, res, step) as unknown;
        if (returned && typeof (returned as Promise<unknown>).then === "function") {
          (returned as Promise<unknown>).then(undefined, (rejection: unknown) => next(rejection ?? new Error("Rejected promise")));
        }
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
