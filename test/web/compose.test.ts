// composeHandlers runs a list of middleware as one handler, with the router's rules for order and errors.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { describe, expect, it } from "vitest";
import { composeHandlers } from "../../src/web/compose";

const req = {} as Request;
const res = {} as Response;

function run(handlers: RequestHandler[]): Promise<{ error: unknown; calls: string[] }> {
  const calls: string[] = [];
  const traced = handlers.map(
    (handler, n) =>
      ((q: Request, s: Response, next: NextFunction) => {
        calls.push(`h${n}`);
        return handler(q, s, next);
      }) as RequestHandler,
  );
  return new Promise((resolve) => composeHandlers(traced)(req, res, (error?: unknown) => resolve({ error, calls })));
}

describe("composeHandlers", () => {
  it("calls every handler in order, then the caller's next without an error", async () => {
    const order: number[] = [];
    const result = await run([1, 2, 3].map((n) => ((_q: Request, _s: Response, next: NextFunction) => (order.push(n), next())) as RequestHandler));
    expect(order).toEqual([1, 2, 3]);
    expect(result).toEqual({ error: undefined, calls: ["h0", "h1", "h2"] });
  });

  it("continues after a handler that calls next later (asynchronous body parsing)", async () => {
    const result = await run([(_q, _s, next) => void setTimeout(next, 5), (_q, _s, next) => next()]);
    expect(result).toEqual({ error: undefined, calls: ["h0", "h1"] });
  });

  it("skips the rest on an error passed to next, thrown, or a rejected promise", async () => {
    const failure = new Error("refused");
    const passing: RequestHandler = (_q, _s, next) => next();
    const viaNext = await run([passing, (_q, _s, next) => next(failure), passing]);
    expect(viaNext).toEqual({ error: failure, calls: ["h0", "h1"] });
    const thrown = await run([
      (() => {
        throw failure;
      }) as RequestHandler,
      passing,
    ]);
    expect(thrown).toEqual({ error: failure, calls: ["h0"] });
    const rejected = await run([
      (async () => {
        throw failure;
      }) as RequestHandler,
      passing,
    ]);
    expect(rejected).toEqual({ error: failure, calls: ["h0"] });
  });

  it("stops when a handler answers without calling next", async () => {
    let nextCalled = false;
    const answered: string[] = [];
    composeHandlers([(_q, _s, next) => next(), () => void answered.push("answered"), (_q, _s, next) => next()])(req, res, () => (nextCalled = true));
    expect(answered).toEqual(["answered"]);
    expect(nextCalled).toBe(false);
  });
});
