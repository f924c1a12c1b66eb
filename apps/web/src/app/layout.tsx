import { MAX_BODY_BYTES } from "@articulate/core";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { FormSizeGuard } from "@/components/ui/form-size-guard";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Articulate", template: "%s · Articulate" },
  description: "An AI voice receptionist on a real phone number.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-AU">
      <body className="min-h-screen font-sans">
        <FormSizeGuard limitBytes={MAX_BODY_BYTES.form} />
        {children}
      </body>
    </html>
  );
}
