// What never reaches a log line: credentials in paths, query strings, headers and messages are replaced by a placeholder
// (`/r/[link]`, `/reset/[token]`, `cna_[token]`) wherever the app writes to its logs, the audit log or the terminal.

/** Paths whose segment after the prefix is itself a credential. */
const CREDENTIAL_PATHS: [RegExp, string][] = [
  // Invitation links: the token is the respondent's only credential.
  [/\/r\/(?!\[link\])[^/?#\s"'<>]+/g, "/r/[link]"],
  // Password-reset links.
  [/\/reset\/(?!\[token\])[^/?#\s"'<>]+/g, "/reset/[token]"],
];

/** Personal API tokens (`cna_` + 43 base64url characters) and bearer credentials, wherever they appear. */
const TOKEN_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)[ \t]+[A-Za-z0-9._~+/=-]+/gi, "$1 [token]"],
  [/\bcna_[A-Za-z0-9_-]{16,}/g, "cna_[token]"],
  // Session and CSRF cookies written out as name=value (a Cookie header echoed into a message).
  [/\b((?:__Host-|__Secure-)?cna\.(?:sid|csrf|rcsrf)[A-Za-z0-9_-]*)=[^;\s"',]+/g, "$1=[redacted]"],
];

/** Query parameters that carry a credential by name: their values are never logged. */
const SECRET_QUERY_NAME = /(^_?csrf|token|secret|password|passwd|key|code|sig|auth|session|link)/i;

/** `text` with every credential-bearing path, token and cookie value replaced by its placeholder. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of CREDENTIAL_PATHS) out = out.replace(pattern, replacement);
  // Percent-encoded paths (a `next=%2Fr%2F…` parameter) are caught once decoded by redactUrl; here the raw forms.
  out = out.replace(/%2Fr%2F(?!%5Blink%5D)[^%&\s"'#]+/gi, "%2Fr%2F%5Blink%5D").replace(/%2Freset%2F[^%&\s"'#]+/gi, "%2Freset%2F%5Btoken%5D");
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A request URL fit for a log: credential paths replaced, the values of secret-named query parameters removed, and
 * other query values redacted like text (a `next=/r/…` parameter names a link too).
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf("?");
  const path = redactText(queryAt === -1 ? url : url.slice(0, queryAt));
  if (queryAt === -1) return path;
  const query = url.slice(queryAt + 1);
  const parts = query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (eq === -1) return redactText(pair);
    let decodedName = name;
    try {
      decodedName = decodeURIComponent(name.replace(/\+/g, " "));
    } catch {
      // A malformed name is kept as sent, then redacted as text.
    }
    if (SECRET_QUERY_NAME.test(decodedName)) return `${redactText(name)}=[redacted]`;
    let value = pair.slice(eq + 1);
    try {
      value = encodeURIComponent(redactText(decodeURIComponent(value.replace(/\+/g, " "))));
    } catch {
      value = redactText(value);
    }
    return `${redactText(name)}=${value}`;
  });
  return `${path}?${parts.join("&")}`;
}

/** A copy of `value` with every string in it redacted (objects and arrays walked to a small depth). */
export function redactValue<T>(value: T, depth = 4): T {
  if (typeof value === "string") return redactText(value) as T;
  if (depth <= 0 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth - 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth - 1)])) as T;
}

/** Header names whose values are credentials: never written to a log. */
export const SECRET_HEADERS = ["cookie", "set-cookie", "authorization", "proxy-authorization", "x-csrf-token"];
