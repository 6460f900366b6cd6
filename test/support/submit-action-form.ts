// Submits one server-action form of a page over real HTTP, as a browser without JavaScript does:
// the form is found by a piece of its HTML, its hidden fields ($ACTION_… and the page's own) are
// sent with the given fields. `actionCookie` submits as someone else than the one who read the page
// (an agent replaying an admin's form).
type ActionFormOptions = { cookie: string; actionCookie?: string; formContaining: string; fields: Record<string, string | string[] | File> };
type ActionFormResult = { status: number; location: string | null; html: string };

export async function submitActionForm(baseUrl: string, path: string, options: ActionFormOptions): Promise<ActionFormResult> {
  const [result] = await submitActionFormAtOnce(baseUrl, path, options, 1);
  return result!;
}

/** The hidden fields ($ACTION_… and the page's own) of the page's form that contains `formContaining`, read as `cookie`. */
export async function readActionForm(baseUrl: string, path: string, options: Pick<ActionFormOptions, "cookie" | "formContaining">): Promise<[string, string][]> {
  const page = await fetch(`${baseUrl}${path}`, { headers: { cookie: options.cookie }, redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
  const form = [...html.matchAll(/<form[\s\S]*?<\/form>/g)].map((match) => match[0]).find((candidate) => candidate.includes(options.formContaining));
  if (!form) throw new Error(`${path} has no form containing ${options.formContaining}`);
  const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const fields: [string, string][] = [];
  for (const [input] of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields.push([decode(name), decode(/value="([^"]*)"/.exec(input)?.[1] ?? "")]);
  }
  return fields;
}

/** Reads the form once and submits the very same body `times` times at once (a double click). */
export async function submitActionFormAtOnce(baseUrl: string, path: string, options: ActionFormOptions, times: number): Promise<ActionFormResult[]> {
  const fields: [string, string | File][] = await readActionForm(baseUrl, path, options);
  for (const [name, values] of Object.entries(options.fields)) for (const value of [values].flat()) fields.push([name, value]);
  const submit = async (): Promise<ActionFormResult> => {
    const body = new FormData();
    for (const [name, value] of fields) body.append(name, value);
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      body,
      headers: { cookie: options.actionCookie ?? options.cookie, origin: baseUrl },
      redirect: "manual",
    });
    return { status: response.status, location: response.headers.get("location"), html: await response.text() };
  };
  return Promise.all(Array.from({ length: times }, submit));
}
