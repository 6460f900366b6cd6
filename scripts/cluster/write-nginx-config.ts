// The nginx configuration `npm run cluster` and the cluster tests run: the site operators install
// (docs/nginx/caredesk.conf) with its placeholders filled for loopback ports, inside a main
// configuration that keeps every file nginx writes (pid, logs, temporary files) in one directory of
// our own, so it runs unprivileged and never reads the system's /etc/nginx.
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

export const NGINX_SITE_TEMPLATE = path.join(import.meta.dirname, "..", "..", "docs", "nginx", "caredesk.conf");

export type NginxSite = { listenPort: number; instancePorts: number[] };

/** The site file with its placeholders filled: what the README's "Running several instances" shows, on loopback. */
export function fillNginxSite(template: string, site: NginxSite): string {
  const filled = template
    .replace("@INSTANCES@", site.instancePorts.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join("\n    "))
    .replace("@LISTEN@", `listen 127.0.0.1:${site.listenPort};`)
    .replace("@SERVER_NAME@", "127.0.0.1 localhost");
  const left = /@[A-Z_]+@/.exec(filled);
  if (left) throw new Error(`${NGINX_SITE_TEMPLATE} has a placeholder the cluster script does not fill: ${left[0]}`);
  return filled;
}

/** Writes nginx.conf and caredesk.conf into `directory` (nginx's prefix); returns nginx.conf's path. */
export async function writeNginxConfig(directory: string, site: NginxSite): Promise<string> {
  writeFileSync(path.join(directory, "caredesk.conf"), fillNginxSite(await readFile(NGINX_SITE_TEMPLATE, "utf8"), site));
  const file = (name: string) => path.join(directory, name);
  const main = [
    "# Written by scripts/cluster/write-nginx-config.ts for one run; the site itself is caredesk.conf.",
    // Run as root (CI), the workers would switch to nobody, who cannot enter this private directory.
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    "worker_processes 1;",
    `pid ${file("nginx.pid")};`,
    `error_log ${file("error.log")} warn;`,
    "events { worker_connections 1024; }",
    "http {",
    `    access_log ${file("access.log")};`,
    `    client_body_temp_path ${file("client-body")};`,
    `    proxy_temp_path ${file("proxy")};`,
    `    fastcgi_temp_path ${file("fastcgi")};`,
    `    uwsgi_temp_path ${file("uwsgi")};`,
    `    scgi_temp_path ${file("scgi")};`,
    `    include ${file("caredesk.conf")};`,
    "}",
    "",
  ].join("\n");
  writeFileSync(file("nginx.conf"), main);
  return file("nginx.conf");
}
