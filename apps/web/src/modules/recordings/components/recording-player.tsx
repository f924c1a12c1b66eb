"use client";
// The call's recording with its transcript: play/pause, seek, 1×/1.5×/2×,
// download; clicking a transcript line seeks to it and the line being spoken is
// highlighted while playing. The audio streams from a presigned URL (through
// the tenant-authorised /recording route), so seeking uses Range requests.
import { useCallback, useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { formatOffset } from "@/lib/format";

export interface PlayerSegment {
  sequence: number;
  speakerLabel: string;
  speaker: "AGENT" | "CALLER" | "SYSTEM";
  text: string;
  startMs: number | null;
  endMs: number | null;
}

const SPEEDS = [1, 1.5, 2] as const;

/** Index of the line being spoken at `ms`: the last line started by then. */
function currentLine(segments: PlayerSegment[], ms: number): number {
  let idx = -1;
  segments.forEach((s, i) => {
    if (s.startMs !== null && s.startMs <= ms) idx = i;
  });
  return idx;
}

export function RecordingPlayer({
  src,
  downloadHref,
  durationMs,
  segments,
}: {
  src: string;
  downloadHref: string;
  durationMs: number | null;
  segments: PlayerSegment[];
}) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [timeMs, setTimeMs] = useState(0);
  const [lengthMs, setLengthMs] = useState(durationMs ?? 0);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const resumeAt = useRef<number | null>(null);

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed]);

  const seek = useCallback((ms: number) => {
    const el = audio.current;
    if (!el) return;
    el.currentTime = Math.max(0, ms / 1000);
    setTimeMs(ms);
  }, []);

  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) void el.play().catch(() => setError("The recording couldn't be played."));
    else el.pause();
  };

  // The presigned URL lives a few minutes: when it has expired, ask for a fresh one and carry on where we were.
  const onError = () => {
    const el = audio.current;
    if (!el) return;
    if (resumeAt.current === null) {
      resumeAt.current = el.currentTime;
      el.src = `${src}${src.includes("?") ? "&" : "?"}t=${Date.now()}`;
      el.load();
      return;
    }
    setLoading(false);
    setError("The recording couldn't be loaded. Refresh the page to try again.");
  };

  const active = playing || timeMs > 0 ? currentLine(segments, timeMs) : -1;

  return (
    <div className="space-y-4">
      {/* biome-ignore lint/a11y/useMediaCaption: the transcript below is the caption. */}
      <audio
        ref={audio}
        src={src}
        preload="metadata"
        data-testid="recording-audio"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onTimeUpdate={(e) => setTimeMs(Math.round(e.currentTarget.currentTime * 1000))}
        onLoadedMetadata={(e) => {
          setLoading(false);
          const d = e.currentTarget.duration;
          if (Number.isFinite(d) && d > 0) setLengthMs(Math.round(d * 1000));
          if (resumeAt.current !== null) {
            e.currentTarget.currentTime = resumeAt.current;
            resumeAt.current = null;
          }
        }}
        onError={onError}
      />
      <fieldset className="flex flex-wrap items-center gap-3" aria-label="Recording controls">
        <button
          type="button"
          className={buttonClass("primary")}
          onClick={toggle}
          disabled={error !== null}
          aria-label={playing ? "Pause" : "Play"}
        >
          {playing ? "Pause" : "Play"}
        </button>
        <input
          type="range"
          aria-label="Seek"
          className="min-w-40 flex-1 accent-brand-600"
          min={0}
          max={Math.max(lengthMs, 1)}
          step={100}
          value={Math.min(timeMs, lengthMs)}
          onChange={(e) => seek(Number(e.target.value))}
          disabled={error !== null}
        />
        <span className="text-sm tabular-nums text-slate-600" data-testid="recording-time">
          {formatOffset(timeMs)} / {lengthMs ? formatOffset(lengthMs) : "–:––"}
        </span>
        <fieldset className="flex gap-1" aria-label="Playback speed">
          {SPEEDS.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={speed === s}
              className={buttonClass(speed === s ? "primary" : "secondary", "px-2 py-1 text-xs")}
              onClick={() => setSpeed(s)}
            >
              {s}×
            </button>
          ))}
        </fieldset>
        <a className={buttonClass("secondary")} href={downloadHref} download>
          Download
        </a>
      </fieldset>
      {loading && !error ? <p className="text-xs text-slate-500">Loading the recording…</p> : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {segments.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing was transcribed on this call.</p>
      ) : (
        <ol className="space-y-3" aria-label="Transcript">
          {segments.map((s, i) => (
            <li key={s.sequence} className={`flex gap-3 ${s.speaker === "AGENT" ? "" : "flex-row-reverse text-right"}`}>
              <button
                type="button"
                onClick={() => s.startMs !== null && seek(s.startMs)}
                disabled={s.startMs === null}
                aria-current={i === active ? "true" : undefined}
                data-testid="transcript-line"
                className={`max-w-[85%] rounded-lg px-3 py-2 text-left text-sm transition ${
                  i === active ? "ring-2 ring-brand-500" : ""
                } ${s.speaker === "AGENT" ? "bg-slate-100" : s.speaker === "CALLER" ? "bg-brand-50" : "bg-amber-50 italic"} ${
                  s.startMs !== null ? "cursor-pointer hover:ring-1 hover:ring-brand-300" : ""
                }`}
                title={s.startMs !== null ? `Play from ${formatOffset(s.startMs)}` : undefined}
              >
                <span className="mb-0.5 block text-xs font-medium text-slate-500">
                  {s.speakerLabel}
                  {s.startMs !== null ? <span className="ml-2 tabular-nums">{formatOffset(s.startMs)}</span> : null}
                </span>
                <span className="block">{s.text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
