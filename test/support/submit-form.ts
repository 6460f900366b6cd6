// Submits a page's form over real HTTP as a browser without JavaScript does: the hidden fields
// React renders for a server action ($ACTION_…), plus the fields a person fills in.
export type FormSubmission = { status: number; location: string | null; html: string };

const decodeHtml = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export async function submitFormOverHttp(
  baseUrl: string,
  path: string,
  options: { cookie: string; fields: Record<string, string>; headers?: Record<string, string> },
): Promise<FormSubmission> {
  const headers = { ...options.headers, cookie: options.cookie };
  const page = await fetch(`${baseUrl}${path}`, { headers, redirect: "manual" });
  const pageHtml = await page.text();
  if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
  const form = new FormData();
  for (const [input] of pageHtml.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name?.startsWith("$ACTION")) form.append(decodeHtml(name), decodeHtml(/value="([^"]*)"/.exec(input)?.[1] ?? ""));
  }
  if (![...form.keys()].length) throw new Error(`${path} has no server action form`);
  for (const [name, value] of Object.entries(options.fields)) form.append(name, value);
  const response = await fetch(`${baseUrl}${path}`, { method: "POST", body: form, headers: { ...headers, origin: baseUrl }, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}
