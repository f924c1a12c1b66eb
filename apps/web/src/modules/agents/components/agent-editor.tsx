"use client";
import type { WeeklySchedule } from "@articulate/calls";
import { DEFAULT_KEYPAD_MENU, KEYPAD_KEYS, type KeypadMenu, keypadFormField } from "@articulate/calls/keypad-menu";
import { useActionState, useState } from "react";
import {
  CheckboxField,
  FormAlert,
  fieldError,
  SearchableSelectField,
  SelectField,
  submittedValue,
  TextArea,
  TextField,
} from "@/components/ui/form";
import { Card } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { updateAgentAction } from "../actions";
import { SUPPORTED_MODELS } from "../lib/models";
import { WEEKDAY_LABELS } from "../lib/templates";
import { ModelField } from "./model-field";

export interface AgentEditorValues {
  id: string;
  name: string;
  greeting: string;
  instructions: string;
  language: string;
  voice: string;
  sttModel: string;
  llmModel: string;
  ttsModel: string;
  timezone: string;
  holidayRegion: string | null;
  businessHours: WeeklySchedule | null;
  afterHoursBehaviour: string;
  afterHoursMessage: string | null;
  transferNumber: string | null;
  maxCallSeconds: number;
  aiDisclosure: boolean;
  recordingEnabled: boolean;
  keypadMenu: KeypadMenu | null;
  recordingRetentionDays: number;
}

type Opt = { value: string; label: string };

export function AgentEditor({
  slug,
  agent,
  timezones,
  holidayRegions,
  canEdit,
  recordingAvailable,
  recordingNotice,
  allowCustomModels = false,
}: {
  slug: string;
  agent: AgentEditorValues;
  timezones: Opt[];
  holidayRegions: Opt[];
  canEdit: boolean;
  /** False when this server has no recording storage: the setting is shown but cannot be turned on. */
  recordingAvailable: boolean;
  /** The sentence callers hear when the call is recorded. */
  recordingNotice: string;
  /** Operators (platform admins) may enter a model outside the supported list. */
  allowCustomModels?: boolean;
}) {
  const [state, action] = useActionState(updateAgentAction, idleState);
  const v = (name: string, fallback: string | number | null): string =>
    String(submittedValue(state, name, fallback ?? ""));
  const e = (name: string) => fieldError(state, name);
  const [alwaysOpen, setAlwaysOpen] = useState(agent.businessHours === null);
  // No menu yet: offer the usual one (0 person, 1 message, 9 repeat), switched off until ticked.
  const keypadMenu = agent.keypadMenu;
  const keypadOptions = (keypadMenu ?? DEFAULT_KEYPAD_MENU).options;
  // Remount the form after each result so defaults reflect what was submitted.
  const formKey = state.status === "idle" ? "initial" : `${state.status}-${Date.now()}`;
  return (
    <form key={formKey} action={action} className="space-y-6" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agent.id} />
      <FormAlert state={state} />
      <fieldset disabled={!canEdit} className="space-y-6">
        <Card title="Conversation">
          <div className="space-y-4">
            <TextField name="name" label="Agent name" required defaultValue={v("name", agent.name)} error={e("name")} />
            <TextArea
              name="greeting"
              label="Greeting"
              rows={2}
              required
              defaultValue={v("greeting", agent.greeting)}
              error={e("greeting")}
              hint="The first thing callers hear."
            />
            <TextArea
              name="instructions"
              label="Instructions"
              rows={7}
              required
              defaultValue={v("instructions", agent.instructions)}
              error={e("instructions")}
              hint="What the agent knows and how it should behave."
            />
            <CheckboxField
              name="aiDisclosure"
              label="Tell callers they are speaking with an AI assistant"
              hint="Recommended. Added to the greeting."
              defaultChecked={state.status === "error" ? state.values?.aiDisclosure === "on" : agent.aiDisclosure}
            />
          </div>
        </Card>
        <Card title="Voice and models">
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              name="language"
              label="Language"
              defaultValue={v("language", agent.language)}
              error={e("language")}
              options={[
                { value: "en-AU", label: "English (Australia)" },
                { value: "en-NZ", label: "English (New Zealand)" },
                { value: "en-GB", label: "English (UK)" },
                { value: "en-US", label: "English (US)" },
              ]}
            />
            <SelectField
              name="voice"
              label="Voice"
              defaultValue={v("voice", agent.voice)}
              error={e("voice")}
              options={["alloy", "ash", "ballad", "coral", "sage", "verse"].map((x) => ({
                value: x,
                label: x.charAt(0).toUpperCase() + x.slice(1),
              }))}
            />
            <ModelField
              name="sttModel"
              label="Speech-to-text model"
              options={SUPPORTED_MODELS.sttModel}
              defaultValue={v("sttModel", agent.sttModel)}
              error={e("sttModel")}
              allowCustom={allowCustomModels}
            />
            <ModelField
              name="llmModel"
              label="Language model"
              options={SUPPORTED_MODELS.llmModel}
              defaultValue={v("llmModel", agent.llmModel)}
              error={e("llmModel")}
              allowCustom={allowCustomModels}
            />
            <ModelField
              name="ttsModel"
              label="Text-to-speech model"
              options={SUPPORTED_MODELS.ttsModel}
              defaultValue={v("ttsModel", agent.ttsModel)}
              error={e("ttsModel")}
              allowCustom={allowCustomModels}
            />
            <TextField
              name="maxCallMinutes"
              type="number"
              min={1}
              max={60}
              label="Maximum call length (minutes)"
              defaultValue={v("maxCallMinutes", Math.round(agent.maxCallSeconds / 60))}
              error={e("maxCallMinutes")}
              hint="Callers hear a warning before the limit."
            />
          </div>
          <RecordingSettings
            defaultEnabled={state.status === "error" ? state.values?.recordingEnabled === "on" : agent.recordingEnabled}
            retentionDays={v("recordingRetentionDays", agent.recordingRetentionDays)}
            retentionError={e("recordingRetentionDays")}
            enabledError={e("recordingEnabled")}
            available={recordingAvailable}
            notice={recordingNotice}
          />
        </Card>
        <Card title="Business hours">
          <div className="grid gap-4 sm:grid-cols-2">
            <SearchableSelectField
              name="timezone"
              label="Timezone"
              options={timezones}
              defaultValue={v("timezone", agent.timezone)}
              error={e("timezone")}
            />
            <SelectField
              name="holidayRegion"
              label="Public holidays observed"
              options={holidayRegions}
              defaultValue={v("holidayRegion", agent.holidayRegion ?? "")}
              error={e("holidayRegion")}
              hint="Treated as closed all day."
            />
          </div>
          <div className="mt-4">
            <div className="flex items-center gap-3">
              <input
                id="alwaysOpen"
                name="alwaysOpen"
                type="checkbox"
                checked={alwaysOpen}
                onChange={(ev) => setAlwaysOpen(ev.target.checked)}
                className="size-4 accent-brand-600"
              />
              <label htmlFor="alwaysOpen" className="text-sm font-medium">
                Open 24 hours, every day
              </label>
            </div>
            {!alwaysOpen ? (
              <table className="mt-3 w-full max-w-lg text-sm">
                <caption className="sr-only">Opening hours per day</caption>
                <thead>
                  <tr className="text-left text-xs text-slate-500">
                    <th scope="col" className="py-1 font-medium">
                      Day
                    </th>
                    <th scope="col" className="py-1 font-medium">
                      Open
                    </th>
                    <th scope="col" className="py-1 font-medium">
                      From
                    </th>
                    <th scope="col" className="py-1 font-medium">
                      To
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAY_LABELS.map((d) => {
                    const current = agent.businessHours?.[d.key]?.[0];
                    const err = e(`${d.key}_from`) ?? e(`${d.key}_to`);
                    return (
                      <tr key={d.key}>
                        <th scope="row" className="py-1 pr-3 text-left font-normal">
                          {d.label}
                        </th>
                        <td className="py-1 pr-3">
                          <input
                            type="checkbox"
                            name={`${d.key}_open`}
                            aria-label={`Open on ${d.label}`}
                            defaultChecked={
                              state.status === "error" ? state.values?.[`${d.key}_open`] === "on" : !!current
                            }
                            className="size-4 accent-brand-600"
                          />
                        </td>
                        <td className="py-1 pr-3">
                          <input
                            type="time"
                            name={`${d.key}_from`}
                            aria-label={`${d.label} opening time`}
                            defaultValue={String(v(`${d.key}_from`, current?.open ?? "09:00"))}
                            className="rounded-md border border-slate-300 px-2 py-1"
                          />
                        </td>
                        <td className="py-1">
                          <input
                            type="time"
                            name={`${d.key}_to`}
                            aria-label={`${d.label} closing time`}
                            aria-invalid={err ? true : undefined}
                            defaultValue={String(v(`${d.key}_to`, current?.close ?? "17:00"))}
                            className="rounded-md border border-slate-300 px-2 py-1 aria-invalid:border-red-500"
                          />
                          {err ? <p className="text-xs text-red-700">{err}</p> : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : null}
          </div>
        </Card>
        <Card title="After hours and transfers">
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              name="afterHoursBehaviour"
              label="Outside business hours"
              defaultValue={v("afterHoursBehaviour", agent.afterHoursBehaviour)}
              error={e("afterHoursBehaviour")}
              options={[
                { value: "TAKE_MESSAGE", label: "Take a message" },
                { value: "ANNOUNCE_HOURS", label: "Announce the opening hours" },
                { value: "TRANSFER", label: "Transfer to the transfer number" },
              ]}
            />
            <TextField
              name="transferNumber"
              type="tel"
              inputMode="tel"
              label="Transfer number"
              placeholder="02 5550 1234"
              defaultValue={v("transferNumber", agent.transferNumber ?? "")}
              error={e("transferNumber")}
              hint="A person who can take calls. Australian numbers can be typed locally."
            />
            <TextArea
              name="afterHoursMessage"
              label="After-hours message (optional)"
              rows={2}
              className="sm:col-span-2"
              defaultValue={v("afterHoursMessage", agent.afterHoursMessage ?? "")}
              error={e("afterHoursMessage")}
            />
          </div>
        </Card>
        <Card title="Keypad menu">
          <p className="mb-3 text-sm text-slate-600">
            Callers can press keys instead of (or as well as) talking. A key pressed while the agent is speaking stops
            it, and the agent tells callers about the menu when they seem stuck.
          </p>
          <CheckboxField
            name="keypadEnabled"
            label="Use a keypad menu on calls"
            defaultChecked={
              state.status === "error" ? state.values?.keypadEnabled === "on" : Boolean(keypadMenu?.enabled)
            }
            hint="Your phone carrier must send key presses as RFC 2833 tones (the usual setting)."
          />
          <table className="mt-3 w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="w-12 py-1 font-normal">Key</th>
                <th className="py-1 font-normal">What it does</th>
                <th className="py-1 font-normal">Line the agent says (for “Say a line”)</th>
              </tr>
            </thead>
            <tbody>
              {KEYPAD_KEYS.map((k) => {
                const current = keypadOptions[k];
                const actionName = keypadFormField(k, "action");
                const textName = keypadFormField(k, "text");
                const err = e(textName);
                return (
                  <tr key={k} className="border-t border-slate-100 align-top">
                    <td className="py-1.5 font-mono text-base">{k}</td>
                    <td className="py-1.5 pr-2">
                      <select
                        name={actionName}
                        aria-label={`Key ${k}`}
                        defaultValue={v(actionName, current?.action ?? "")}
                        className="w-full rounded-md border border-slate-300 px-2 py-1"
                      >
                        <option value="">Nothing</option>
                        <option value="transfer">Put them through to a person</option>
                        <option value="message">Leave a message</option>
                        <option value="repeat">Repeat what the agent just said</option>
                        <option value="say">Say a line</option>
                      </select>
                    </td>
                    <td className="py-1.5">
                      <input
                        name={textName}
                        aria-label={`Line for key ${k}`}
                        aria-invalid={err ? true : undefined}
                        maxLength={500}
                        defaultValue={v(textName, current?.action === "say" ? current.text : "")}
                        className="w-full rounded-md border border-slate-300 px-2 py-1 aria-invalid:border-red-500"
                      />
                      {err ? <p className="text-xs text-red-700">{err}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
      </fieldset>
      {canEdit ? (
        <div className="sticky bottom-0 flex items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3">
          <SubmitButton pendingLabel="Saving…">Save agent</SubmitButton>
          <span className="text-xs text-slate-500">Changes apply to the next call.</span>
        </div>
      ) : (
        <p className="text-sm text-slate-600">You can view this agent. Owners and admins can change it.</p>
      )}
    </form>
  );
}

function RecordingSettings({
  defaultEnabled,
  retentionDays,
  retentionError,
  enabledError,
  available,
  notice,
}: {
  defaultEnabled: boolean;
  retentionDays: string;
  retentionError?: string;
  enabledError?: string;
  available: boolean;
  notice: string;
}) {
  const [enabled, setEnabled] = useState(defaultEnabled);
  return (
    <div className="mt-4 rounded-md border border-slate-200 p-4" data-testid="recording-settings">
      <div className="flex items-start gap-3">
        <input
          id="recordingEnabled"
          name="recordingEnabled"
          type="checkbox"
          checked={enabled}
          disabled={!available && !enabled}
          onChange={(ev) => setEnabled(ev.target.checked)}
          className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
        />
        <div>
          <label htmlFor="recordingEnabled" className="text-sm font-medium text-slate-800">
            Record calls
          </label>
          <p className="text-xs text-slate-500">
            {available
              ? "Play back and download each call from its page. Recordings are kept private to your team."
              : "Call recording isn't available on this server yet. Ask your Articulate administrator to set up recording storage."}
          </p>
          {enabledError ? <p className="mt-1 text-xs text-red-600">{enabledError}</p> : null}
        </div>
      </div>
      {enabled ? (
        <div className="mt-3 space-y-3 pl-7">
          <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            <p className="font-medium">Callers are told the call is recorded</p>
            <p className="mt-1">
              Your agent says this in its opening line, before the caller can speak:{" "}
              <span className="font-medium">&ldquo;{notice}&rdquo;</span>
            </p>
            <p className="mt-1 text-xs">
              Australian law requires callers to know a call is recorded, so this notice can&rsquo;t be turned off while
              recording is on.
            </p>
          </div>
          <TextField
            name="recordingRetentionDays"
            type="number"
            min={1}
            max={365}
            label="Keep recordings for (days)"
            defaultValue={retentionDays}
            error={retentionError}
            hint="Recordings older than this are deleted automatically each night (1 to 365 days)."
          />
        </div>
      ) : (
        <input type="hidden" name="recordingRetentionDays" value={retentionDays} />
      )}
    </div>
  );
}
