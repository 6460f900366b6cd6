import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fillNginxSite, NGINX_SITE_TEMPLATE, writeNginxConfig } from "./write-nginx-config";

const root = path.join(import.meta.dirname, "..", "..");

describe("the cluster's nginx configuration", () => {
  it("fills every placeholder of the site operators install", async () => {
    const site = fillNginxSite(await readFile(NGINX_SITE_TEMPLATE, "utf8"), { listenPort: 8080, instancePorts: [3001, 3002, 3003] });
    expect(site).not.toMatch(/@[A-Z_]+@/);
    expect(site).toContain("listen 127.0.0.1:8080;");
    expect(site.match(/^\s*server 127\.0\.0\.1:300[123] max_fails=1 fail_timeout=5s;$/gm)).toHaveLength(3);
  });

  it("refuses a template with a placeholder it does not know, rather than hand nginx a broken file", () => {
    expect(() => fillNginxSite("listen @LISTEN@; @CERTIFICATE@", { listenPort: 1, instancePorts: [2] })).toThrow(/@CERTIFICATE@/);
  });

  it("keeps every file nginx writes in its own directory", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "caredesk-nginx-config-"));
    try {
      const main = readFileSync(await writeNginxConfig(directory, { listenPort: 8080, instancePorts: [3001] }), "utf8");
      for (const directive of ["pid", "error_log", "access_log", "client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path", "scgi_temp_path", "include"]) {
        expect(main).toMatch(new RegExp(`^\\s*${directive} ${directory.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`, "m"));
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("is shown in full, as it is, where the README's section on several instances is", async () => {
    const template = await readFile(NGINX_SITE_TEMPLATE, "utf8");
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    expect(readme).toContain("## Running several instances");
    expect(readme).toContain(template.trim());
  });
});
