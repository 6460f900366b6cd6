// Signs in over real HTTP the way a browser does through Auth.js (CSRF token, then the
// credentials callback) and returns the session cookie, for integration tests.
export type SignInResult = { cookie: string | null; location: string | null; status: number };

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
}

/** `headers` go on both requests, e.g. an x-forwarded-for the client claims. */
export async function signInOverHttp(baseUrl: string, email: string, password: string, options: { headers?: Record<string, string> } = {}): Promise<SignInResult> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: options.headers });
  const csrfText = await csrfResponse.text();
  if (csrfResponse.status !== 200 || !csrfText.startsWith("{")) {
    throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status} with ${JSON.stringify(csrfText.slice(0, 200))} (headers: ${JSON.stringify([...csrfResponse.headers])})`);
  }
  const { csrfToken } = JSON.parse(csrfText) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...options.headers, "content-type": "application/x-www-form-urlencoded", cookie: cookiePairs(csrfResponse).join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/conversations` }),
  });
  const session = cookiePairs(response).find((pair) => pair.startsWith("authjs.session-token="));
  return { cookie: session ?? null, location: response.headers.get("location"), status: response.status };
}

export async function mustSignIn(baseUrl: string, email: string, password: string, options: { headers?: Record<string, string> } = {}): Promise<string> {
  const result = await signInOverHttp(baseUrl, email, password, options);
  if (!result.cookie) throw new Error(`sign-in as ${email} failed: ${result.status} → ${result.location}`);
  return result.cookie;
}

/** Signs out over real HTTP as Auth.js's sign-out form does (CSRF token, then POST /api/auth/signout). */
export async function signOutOverHttp(baseUrl: string, sessionCookie: string): Promise<void> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...cookiePairs(csrfResponse), sessionCookie].join("; ") },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${baseUrl}/login` }),
  });
  await response.body?.cancel();
  // The browser's copy is deleted by this answer; what the server does with other copies is the test's to check.
  const clearsCookie = response.headers.getSetCookie().some((cookie) => /^authjs\.session-token=;/.test(cookie));
  if (response.status !== 302 || !clearsCookie) throw new Error(`sign-out answered ${response.status} → ${response.headers.get("location")}`);
}
