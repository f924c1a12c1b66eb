"use client";
// "Talk to your agent" by text: the owner types as a caller, the real
// receptionist answers (lib/text-chat.ts). Each action returns the whole chat,
// so the panel simply shows what the server stored.
import Link from "next/link";
import { type FormEvent, useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/button";
import type { ActionState } from "@/lib/authz/action-state";
import { endTextChatAction, sendTextChatAction, startTextChatAction } from "../actions";

type Line = { speaker: "CALLER" | "AGENT" | "SYSTEM"; text: string };
type Chat = { callId: string; lines: Line[]; ended: boolean; endReason: string | null; messagesTaken: number };

const ENDED: Record<string, string> = {
  AGENT_ENDED: "Your agent ended the chat.",
  AFTER_HOURS: "Your agent ended the chat (after hours).",
  TRANSFERRED: "Your agent transferred you (simulated: no call was placed).",
  CALLER_HUNG_UP: "You ended the chat.",
  SUSPENDED: "This business isn't taking calls right now.",
  OVER_CAP: "Calls are paused: the plan's limit is reached.",
  BUSY: "All lines were busy.",
};

export function TextChatPanel({
  slug,
  agentId,
  available,
  unavailableText,
}: {
  slug: string;
  agentId: string;
  available: boolean;
  unavailableText: string;
}) {
  const [chat, setChat] = useState<Chat | null>(null);
  const [draft, setDraft] = useState("");
  // The number the owner pretends to call from: the agent checks bookings against it, as against a caller's number.
  const [callerNumber, setCallerNumber] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (!available) return <p className="text-sm text-slate-600">{unavailableText}</p>;

  const run = (action: () => Promise<ActionState<Chat>>, after?: () => void) =>
    startTransition(async () => {
      setError(null);
      const res = await action();
      if (res.status === "success") {
        setChat(res.data);
        after?.();
      } else if (res.status === "error") setError(res.message);
    });

  const start = () => run(() => startTextChatAction({ status: "idle" }, { slug, agentId, callerNumber }));
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!chat || !draft.trim()) return;
    const text = draft;
    run(
      () => sendTextChatAction({ status: "idle" }, { slug, callId: chat.callId, text }),
      () => setDraft(""),
    );
  };
  const end = () => chat && run(() => endTextChatAction({ status: "idle" }, { slug, callId: chat.callId }));

  const errorLine = error ? (
    <p role="alert" className="text-sm text-red-700">
      {error}
    </p>
  ) : null;

  if (!chat) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">
          Type as if you were a caller: your agent answers with its real instructions, hours and tools. Transfers are
          simulated. The chat is saved as a test call, never billed.
        </p>
        <div className="space-y-1">
          <label htmlFor={`chat-from-${agentId}`} className="block text-sm font-medium text-slate-700">
            Calling from (optional)
          </label>
          <input
            id={`chat-from-${agentId}`}
            type="tel"
            value={callerNumber}
            onChange={(e) => setCallerNumber(e.target.value)}
            maxLength={32}
            autoComplete="off"
            placeholder="0412 345 678"
            className="w-48 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            disabled={pending}
          />
          <p className="text-xs text-slate-500">
            Your agent finds, moves and cancels bookings only for the number a caller rings from. Leave it empty to chat
            as a caller with a hidden number.
          </p>
        </div>
        <button type="button" className={buttonClass("primary")} onClick={start} disabled={pending}>
          {pending ? "Starting…" : "Start chat"}
        </button>
        {errorLine}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <ol
        aria-label="Chat with your agent"
        aria-live="polite"
        className="max-h-96 space-y-2 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-2 text-sm"
      >
        {chat.lines.map((l, i) => (
          <li
            // Lines are append-only: the index is stable.
            key={i}
            className={
              l.speaker === "CALLER"
                ? "ml-4 rounded-md bg-brand-50 px-3 py-2"
                : l.speaker === "AGENT"
                  ? "mr-4 rounded-md bg-white px-3 py-2 shadow-xs"
                  : "text-center text-xs text-slate-500"
            }
          >
            {l.speaker === "SYSTEM" ? (
              l.text
            ) : (
              <>
                <span className="font-medium">{l.speaker === "CALLER" ? "You" : "Agent"}:</span> {l.text}
              </>
            )}
          </li>
        ))}
        {pending && !chat.ended ? <li className="text-slate-500">Your agent is typing…</li> : null}
      </ol>
      {chat.ended ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-700" role="status">
            {ENDED[chat.endReason ?? ""] ?? "The chat has ended."}{" "}
            {chat.messagesTaken > 0
              ? `${chat.messagesTaken === 1 ? "A message was" : `${chat.messagesTaken} messages were`} taken.`
              : ""}
          </p>
          <div className="flex flex-wrap gap-2">
            <Link className={buttonClass("secondary")} href={`/t/${slug}/calls/${chat.callId}`}>
              See this test call
            </Link>
            <button type="button" className={buttonClass("primary")} onClick={start} disabled={pending}>
              Start a new chat
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={send} className="flex flex-wrap gap-2">
          <label htmlFor={`chat-${agentId}`} className="sr-only">
            Your message
          </label>
          <input
            id={`chat-${agentId}`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={2000}
            autoComplete="off"
            placeholder="Type your message"
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            disabled={pending}
          />
          <button type="submit" className={buttonClass("primary")} disabled={pending || !draft.trim()}>
            Send
          </button>
          <button type="button" className={buttonClass("secondary")} onClick={end} disabled={pending}>
            End chat
          </button>
        </form>
      )}
      {errorLine}
    </div>
  );
}
