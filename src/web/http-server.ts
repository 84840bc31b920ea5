// The HTTP server an express app is served on. Express gives every request and response its own prototypes by
// Object.setPrototypeOf on arrival; on objects Node has already built, V8 pays for that on every request (new hidden
// classes, caches in Node's HTTP code that stop matching) and most of each request's garbage lives long enough to be
// promoted. A hello-world app on this machine: 4,400 req/s with 36% of young objects surviving each scavenge,
// 9,000 req/s with 0.4% when the objects are born with the app's prototypes (decision 007). Express's own
// setPrototypeOf then finds the prototype already in place and changes nothing.
import http from "node:http";
import type { Express } from "express";

/**
 * A constructor Node's HTTP server can call with `new`, building `base` objects whose prototype is `prototype`.
 * Node's IncomingMessage and ServerResponse are plain constructor functions, called here on the object `new` made:
 * V8 then keeps one hidden class for all of them (Reflect.construct with another new.target would build one per call).
 */
function bornWith<T extends abstract new (...args: never[]) => object>(base: T, prototype: object): T {
  const construct = base as unknown as (this: object, first: unknown, second: unknown) => void;
  function Constructor(this: object, first: unknown, second: unknown) {
    construct.call(this, first, second);
  }
  Constructor.prototype = prototype;
  return Constructor as unknown as T;
}

/** Whether `base` can be called on an existing object (a constructor function, not a class). */
function isConstructorFunction(base: unknown): boolean {
  return typeof base === "function" && !/^class\b/.test(Function.prototype.toString.call(base));
}

/** An http.Server for `app` (as app.listen would create), whose requests and responses are the app's from birth. */
export function createHttpServer(app: Express): http.Server {
  // Should a future Node make them classes, the server is the one app.listen would make.
  if (!isConstructorFunction(http.IncomingMessage) || !isConstructorFunction(http.ServerResponse)) return http.createServer(app);
  return http.createServer(
    {
      IncomingMessage: bornWith(http.IncomingMessage, app.request),
      ServerResponse: bornWith(http.ServerResponse, app.response) as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
