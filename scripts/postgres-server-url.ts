/** A PostgreSQL server to run diffs and checks against, from the environment, if any. */
export function postgresServerUrl(): string | undefined {
  const candidates = [process.env.POSTGRES_URL, process.env.TEST_DATABASE_URL, process.env.DATABASE_URL];
  return candidates.find((url) => url && /^postgres(ql)?:\/\//.test(url));
}
