// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in people without the role.
  experimental: {
    authInterrupts: true,
    // A reply's attachment travels in the composer's server action: up to 25 MB
    // (lib/replies/attachment-rules.ts), through proxy.ts too.
    serverActions: { bodySizeLimit: "26mb" },
    proxyClientMaxBodySize: "26mb",
  },
  // Native and worker-thread packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "pino", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  // The same for every response. The pages' Content-Security-Policy carries a nonce made per
  // request, so proxy.ts sets it; route handlers set their own (media: lib/media/media-headers.ts).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
