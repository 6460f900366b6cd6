// Next.js calls register() once per server process, before it serves a request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { prepareDatabase } = await import("./lib/startup/prepare-database");
    const { warnAboutConfiguration } = await import("./lib/startup/warn-about-configuration");
    await prepareDatabase();
    warnAboutConfiguration();
  }
}
