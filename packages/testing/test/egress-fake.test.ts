// The Egress service of the LiveKit fake, driven by the real EgressClient (and
// raw Twirp for requests the SDK cannot build): grant, validation, state.
import { AccessToken, EgressClient, EncodedFileOutput, EncodedFileType, RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveKitFake, startLiveKitFake } from "../src/livekit/index";

let lk: LiveKitFake;
beforeAll(async () => {
  lk = await startLiveKitFake();
  await new RoomServiceClient(lk.url, lk.apiKey, lk.apiSecret).createRoom({ name: "room-a" });
});
afterAll(() => lk.close());

const file = (fileType: EncodedFileType = EncodedFileType.OGG) =>
  new EncodedFileOutput({ fileType, filepath: "t/2026/11/c.ogg", disableManifest: true });

async function twirp(method: string, body: unknown, grant: Record<string, boolean> = { roomRecord: true }) {
  const at = new AccessToken(lk.apiKey, lk.apiSecret, { ttl: "1m" });
  at.addGrant(grant);
  const res = await fetch(`${lk.url}/twirp/livekit.Egress/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await at.toJwt()}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("Egress fake", () => {
  const client = () => new EgressClient(lk.url, lk.apiKey, lk.apiSecret);

  it("needs the roomRecord grant", async () => {
    const r = await twirp("StartRoomCompositeEgress", { roomName: "room-a", audioOnly: true }, { roomAdmin: true });
    expect(r).toMatchObject({ status: 401, body: { code: "unauthenticated" } });
  });

  it("validates like the real service: unknown room, missing output, bad file type, OGG with video", async () => {
    await expect(client().startRoomCompositeEgress("nope", { file: file() }, { audioOnly: true })).rejects.toThrow(
      /room does not exist/,
    );
    expect(await twirp("StartRoomCompositeEgress", { roomName: "room-a", audioOnly: true })).toMatchObject({
      status: 400,
      body: { code: "invalid_argument", msg: "missing output" },
    });
    const bad = await twirp("StartRoomCompositeEgress", {
      roomName: "room-a",
      audioOnly: true,
      fileOutputs: [{ fileType: "WAV", filepath: "x.wav" }],
    });
    expect(bad).toMatchObject({ status: 400, body: { code: "invalid_argument" } });
    await expect(client().startRoomCompositeEgress("room-a", { file: file() })).rejects.toThrow(
      /ogg does not support video/,
    );
  });

  it("keeps egress state: list active, stop, stop again is failed_precondition", async () => {
    const info = await client().startRoomCompositeEgress("room-a", { file: file() }, { audioOnly: true });
    expect(info.egressId).toMatch(/^EG_/);
    expect(info.fileResults[0]?.filename).toBe("t/2026/11/c.ogg");
    const active = await client().listEgress({ roomName: "room-a", active: true });
    expect(active.map((e) => e.egressId)).toContain(info.egressId);
    await client().stopEgress(info.egressId);
    await lk.egress.idle();
    expect((await client().listEgress({ egressId: info.egressId }))[0]?.status).toBe(3); // COMPLETE
    await expect(client().stopEgress(info.egressId)).rejects.toThrow(/already ended/);
  });
});
