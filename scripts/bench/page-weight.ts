// Benchmark 4, page weight: the JavaScript a browser downloads on a first visit to each route,
// from the build's manifests (Turbopack's `next build` prints no sizes). A route's first load is
// the framework's root chunks plus the client chunks of its page and layouts, gzipped; the
// baseline is the root chunks alone, which every page of the app loads.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

export type PageWeightRow = { route: string; files: number; gzipBytes: number; rawBytes: number; ratioToFramework: number } | { route: string; isMissing: true };
export type PageWeightResult = { frameworkGzipBytes: number; frameworkRawBytes: number; routes: PageWeightRow[] };

type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** The page's client reference manifest is a script assigning globalThis.__RSC_MANIFEST[page]. */
function clientManifest(distDir: string, pageKey: string): ClientReferenceManifest {
  const file = path.join(distDir, "server", "app", `${pageKey}_client-reference-manifest.js`);
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(file, "utf8"), sandbox);
  return sandbox.__RSC_MANIFEST?.[pageKey] ?? {};
}

function sizes(distDir: string, files: Iterable<string>): { gzipBytes: number; rawBytes: number; files: number } {
  let gzipBytes = 0;
  let rawBytes = 0;
  let count = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(distDir, file.replace(/^\/_next\//, "")));
    rawBytes += bytes.byteLength;
    gzipBytes += gzipSync(bytes).byteLength;
    count += 1;
  }
  return { gzipBytes, rawBytes, files: count };
}

export function measurePageWeight(routes: string[], distDir = path.join(process.cwd(), ".next")): PageWeightResult {
  const rootFiles = readJson<{ rootMainFiles: string[] }>(path.join(distDir, "build-manifest.json")).rootMainFiles;
  // app-path-routes-manifest maps "/(group)/conversations/page" to "/conversations".
  const pageByRoute = new Map(Object.entries(readJson<Record<string, string>>(path.join(distDir, "app-path-routes-manifest.json"))).map(([page, route]) => [route, page]));
  const framework = sizes(distDir, rootFiles);
  return {
    frameworkGzipBytes: framework.gzipBytes,
    frameworkRawBytes: framework.rawBytes,
    routes: routes.map((route): PageWeightRow => {
      const pageKey = pageByRoute.get(route);
      if (!pageKey || !existsSync(path.join(distDir, "server", "app", `${pageKey}_client-reference-manifest.js`))) return { route, isMissing: true };
      const entryFiles = Object.values(clientManifest(distDir, pageKey).entryJSFiles ?? {}).flat();
      const weight = sizes(distDir, new Set([...rootFiles, ...entryFiles]));
      return { route, ...weight, ratioToFramework: weight.gzipBytes / framework.gzipBytes };
    }),
  };
}
