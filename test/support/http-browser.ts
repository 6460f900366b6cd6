// A browser without JavaScript, over real HTTP, for journeys that cross sites (single sign-on:
// CareDesk → the provider → CareDesk): it keeps cookies per host as a browser does, follows
// redirects one by one, and submits a page's forms with their hidden fields.
export type Visit = { url: string; status: number; html: string; response: Response };

type Cookie = { value: string };

const decodeHtml = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export class HttpBrowser {
  /** Cookies by host name (browsers do not tell ports apart), then by name. */
  private readonly cookies = new Map<string, Map<string, Cookie>>();
  /** Every URL visited, in order (redirects included). */
  readonly history: string[] = [];

  cookieHeader(url: string): string {
    const jar = this.cookies.get(new URL(url).hostname);
    return jar ? [...jar].map(([name, cookie]) => `${name}=${cookie.value}`).join("; ") : "";
  }

  cookie(url: string, name: string): string | null {
    return this.cookies.get(new URL(url).hostname)?.get(name)?.value ?? null;
  }

  private store(url: string, response: Response) {
    const host = new URL(url).hostname;
    const jar = this.cookies.get(host) ?? new Map<string, Cookie>();
    this.cookies.set(host, jar);
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";");
      const separator = pair!.indexOf("=");
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1).trim();
      const isExpired = attributes.some((attribute) => {
        const [key, setting = ""] = attribute.trim().split("=");
        if (key!.toLowerCase() === "max-age") return Number(setting) <= 0;
        if (key!.toLowerCase() === "expires") return Date.parse(setting) <= Date.now();
        return false;
      });
      if (isExpired || value === "") jar.delete(name);
      else jar.set(name, { value });
    }
  }

  /** One request, redirects not followed. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    this.history.push(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(url, response);
    return response;
  }

  /** Answers `response`'s redirects with GETs until a page; at most `limit` of them. */
  async follow(url: string, response: Response, limit = 12): Promise<Visit> {
    let current = { url, response };
    for (let hop = 0; hop < limit; hop++) {
      const location = current.response.headers.get("location");
      if (current.response.status < 300 || current.response.status >= 400 || !location) break;
      await current.response.body?.cancel();
      const next = new URL(location, current.url).toString();
      current = { url: next, response: await this.request(next) };
    }
    return { url: current.url, status: current.response.status, html: await current.response.text(), response: current.response };
  }

  async visit(url: string): Promise<Visit> {
    return this.follow(url, await this.request(url));
  }

  /**
   * Submits the form of `page` that contains `formContaining` (a piece of its HTML), with its
   * hidden fields and `fields`, as the browser would (multipart for a server action's form), and
   * follows the answer's redirects.
   */
  async submit(page: Visit, formContaining: string, fields: Record<string, string> = {}): Promise<Visit> {
    const form = [...page.html.matchAll(/<form[\s\S]*?<\/form>/g)].map((match) => match[0]).find((candidate) => candidate.includes(formContaining));
    if (!form) throw new Error(`${page.url} has no form containing ${formContaining}:\n${page.html.slice(0, 2_000)}`);
    const action = new URL(decodeHtml(/<form[^>]*action="([^"]*)"/.exec(form)?.[1] ?? page.url), page.url).toString();
    const values: [string, string][] = [];
    for (const [input] of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input)?.[1];
      if (name) values.push([decodeHtml(name), decodeHtml(/value="([^"]*)"/.exec(input)?.[1] ?? "")]);
    }
    values.push(...Object.entries(fields));
    const isMultipart = values.some(([name]) => name.startsWith("$ACTION"));
    let body: FormData | URLSearchParams;
    if (isMultipart) {
      body = new FormData();
      for (const [name, value] of values) body.append(name, value);
    } else {
      body = new URLSearchParams(values);
    }
    const response = await this.request(action, { method: "POST", body, headers: { origin: new URL(page.url).origin } });
    return this.follow(action, response);
  }
}
