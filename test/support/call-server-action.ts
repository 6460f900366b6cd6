// Calls a server action the way a page's own JavaScript does (not through a form): a POST to the
// page with the action's id in the Next-Action header and its arguments as JSON. The id is read
// from the build's manifest (.next/server/server-reference-manifest.json) by file and export name.
import { readFile } from "node:fs/promises";
import path from "node:path";

type Manifest = { node: Record<string, { filename?: string; exportedName?: string }> };

async function actionId(file: string, exportedName: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === exportedName);
  if (!found) throw new Error(`No server action ${exportedName} of ${file} in the build: run \`npm run build\``);
  return found[0];
}

export async function callServerAction(
  baseUrl: string,
  pagePath: string,
  options: { cookie: string; file: string; exportedName: string; args: unknown[] },
): Promise<{ status: number }> {
  const response = await fetch(`${baseUrl}${pagePath}`, {
    method: "POST",
    headers: {
      cookie: options.cookie,
      origin: baseUrl,
      accept: "text/x-component",
      "next-action": await actionId(options.file, options.exportedName),
      "content-type": "text/plain;charset=UTF-8",
    },
    body: JSON.stringify(options.args),
    redirect: "manual",
  });
  await response.text();
  return { status: response.status };
}
