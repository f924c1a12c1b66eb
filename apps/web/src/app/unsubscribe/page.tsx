import { topicLabel, verifyUnsubscribeToken } from "@articulate/notifications";
import { env } from "@/env";
import { UnsubscribeForm } from "@/modules/notifications/components/unsubscribe-form";

export const metadata = { title: "Unsubscribe", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ t?: string }> }) {
  const { t } = await searchParams;
  const token = typeof t === "string" ? t : "";
  const parsed = token ? verifyUnsubscribeToken(env().AUTH_SECRET, token) : null;
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16">
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Unsubscribe</h1>
      {parsed ? (
        <>
          <p className="mb-6 text-sm text-slate-700">
            Stop {topicLabel(parsed.topic)}? Your other notifications stay as they are; you can change everything later
            under Settings → Notifications.
          </p>
          <UnsubscribeForm token={token} label={topicLabel(parsed.topic)} />
        </>
      ) : (
        <p role="alert" className="text-sm text-red-700">
          This unsubscribe link is not valid. Open Settings → Notifications in your dashboard to change what you
          receive.
        </p>
      )}
    </main>
  );
}
