"use client";
// In-browser test call: the server mints a token that dispatches our worker into
// a new room; the panel shows the agent's state, an audio visualizer and the live transcript.
import {
  BarVisualizer,
  LiveKitRoom,
  RoomAudioRenderer,
  StartAudio,
  useTranscriptions,
  useVoiceAssistant,
} from "@livekit/components-react";
import { useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/button";
import type { ActionState } from "@/lib/authz/action-state";
import { startTestCallAction } from "../actions";

type Grant = { serverUrl: string; token: string; roomName: string };

export function TestCallPanel({
  slug,
  agentId,
  livekitConfigured,
}: {
  slug: string;
  agentId: string;
  livekitConfigured: boolean;
}) {
  const [grant, setGrant] = useState<Grant | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (!livekitConfigured) {
    return (
      <p className="text-sm text-slate-600">
        Voice test calls in the browser aren't available on this installation yet (its calling service is not
        connected). Your platform operator can switch them on.
      </p>
    );
  }
  const start = () =>
    startTransition(async () => {
      setError(null);
      const res: ActionState<Grant> = await startTestCallAction({ status: "idle" }, { slug, agentId });
      if (res.status === "success") setGrant(res.data);
      else if (res.status === "error") setError(res.message);
    });
  if (!grant) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">Talk to this agent through your microphone. Test calls are not billed.</p>
        <button type="button" className={buttonClass("primary")} onClick={start} disabled={pending}>
          {pending ? "Connecting…" : "Start test call"}
        </button>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <LiveKitRoom
      serverUrl={grant.serverUrl}
      token={grant.token}
      connect
      audio
      video={false}
      onDisconnected={() => setGrant(null)}
      onError={(err) => setError(err.message)}
      onMediaDeviceFailure={() => setError("Your browser did not allow the microphone. Allow it and try again.")}
    >
      <RoomAudioRenderer />
      <StartAudio label="Click to hear the agent" className={buttonClass("secondary")} />
      <LiveCall onHangUp={() => setGrant(null)} />
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </LiveKitRoom>
  );
}

function LiveCall({ onHangUp }: { onHangUp: () => void }) {
  const { state, audioTrack, agent } = useVoiceAssistant();
  const transcriptions = useTranscriptions();
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <p className="text-sm" aria-live="polite">
          {agent ? `Agent: ${state}` : "Waiting for the agent to join…"}
        </p>
        <button type="button" className={buttonClass("danger")} onClick={onHangUp}>
          Hang up
        </button>
      </div>
      <div className="test-call-visualizer h-20 rounded-md bg-slate-900 p-3">
        <BarVisualizer state={state} trackRef={audioTrack} barCount={9} options={{ minHeight: 8 }} />
      </div>
      <ol aria-label="Live transcript" aria-live="polite" className="max-h-64 space-y-1 overflow-y-auto text-sm">
        {transcriptions.length === 0 ? (
          <li className="text-slate-500">The transcript appears here as you talk.</li>
        ) : null}
        {transcriptions.map((t) => (
          <li key={t.streamInfo.id}>
            <span className="font-medium">{t.participantInfo.identity === agent?.identity ? "Agent" : "You"}:</span>{" "}
            {t.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
