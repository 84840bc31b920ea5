// A tiny HTTP client that behaves like a browser without JavaScript: keeps cookies, follows redirects it is
// told to, and posts forms with the CSRF token found on the last page it read.
export interface PageResponse {
  status: number;
  url: string;
  headers: Headers;
  text: string;
}

export class FormClient {
  private readonly cookies = new Map<string, string>();
  lastPage: PageResponse | undefined;

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: string,
    path: string,
    init: { body?: string | URLSearchParams | FormData; headers?: Record<string, string>; follow?: boolean } = {},
  ): Promise<PageResponse> {
    let url = new URL(path, this.baseUrl).toString();
    let currentMethod = method;
    let body = init.body;
    for (let hops = 0; hops < 10; hops++) {
      const res = await fetch(url, { method: currentMethod, body, headers: { cookie: this.cookieHeader(), ...(init.headers ?? {}) }, redirect: "manual" });
      this.remember(res.headers);
      const location = res.headers.get("location");
      if (init.follow !== false && location && res.status >= 300 && res.status < 400) {
        url = new URL(location, url).toString();
        if (res.status !== 307 && res.status !== 308) {
          currentMethod = "GET";
          body = undefined;
        }
        continue;
      }
      const page = { status: res.status, url, headers: res.headers, text: await res.text() };
      if ((res.headers.get("content-type") ?? "").includes("text/html")) this.lastPage = page;
      return page;
    }
    throw new Error(`too many redirects from ${path}`);
  }

  get(path: string, options: { follow?: boolean } = {}): Promise<PageResponse> {
    return this.request("GET", path, options);
  }

  /** The CSRF token of the last HTML page read (what a browser would send back with the form). */
  csrfToken(): string {
    const match = this.lastPage?.text.match(/name="_csrf" value="([^"]+)"/);
    if (!match) throw new Error("no CSRF token on the last page");
    return match[1];
  }

  postForm(path: string, fields: Record<string, string | string[]>, options: { follow?: boolean; csrf?: boolean | string } = {}): Promise<PageResponse> {
    const form = new URLSearchParams();
    if (typeof options.csrf === "string") form.set("_csrf", options.csrf);
    else if (options.csrf !== false) form.set("_csrf", this.csrfToken());
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    return this.request("POST", path, { body: form, headers: { "content-type": "application/x-www-form-urlencoded" }, follow: options.follow });
  }

  postJson(path: string, data: unknown, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.request("POST", path, { body: JSON.stringify(data), headers: { "content-type": "application/json", ...headers }, follow: false });
  }

  async signIn(email: string, password: string): Promise<PageResponse> {
    await this.get("/sign-in");
    return this.postForm("/sign-in", { email, password });
  }
}
