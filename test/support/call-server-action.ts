// Calls a server action the way a page's own JavaScript does (not through a form): a POST to the
// page with the action's id in the Next-Action header and its arguments encoded by React's own
// encodeReply (JSON, or multipart when an argument is FormData), from the copy Next ships. The id
// is read from the build's manifest (.next/server/server-reference-manifest.json) by file and
// export name.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

type Manifest = { node: Record<string, { filename?: string; exportedName?: string }> };
type EncodeReply = (value: unknown[]) => Promise<string | FormData | URLSearchParams>;

const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.node") as { encodeReply: EncodeReply };

async function actionId(file: string, exportedName: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === exportedName);
  if (!found) throw new Error(`No server action ${exportedName} of ${file} in the build: run \`npm run build\``);
  return found[0];
}

/** The status and the RSC payload (which carries the action's return value) of the call. */
export async function callServerAction(
  baseUrl: string,
  pagePath: string,
  options: { cookie: string; file: string; exportedName: string; args: unknown[] },
): Promise<{ status: number; payload: string }> {
  const body = await encodeReply(options.args);
  const response = await fetch(`${baseUrl}${pagePath}`, {
    method: "POST",
    headers: {
      cookie: options.cookie,
      origin: baseUrl,
      accept: "text/x-component",
      "next-action": await actionId(options.file, options.exportedName),
      // FormData sets its own multipart type with the boundary.
      ...(typeof body === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}),
    },
    body,
    redirect: "manual",
  });
  return { status: response.status, payload: await response.text() };
}
