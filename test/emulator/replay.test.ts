import { describe, expect, it } from "vitest";
import { type Features, type QuayVersion, startEmulator } from "../../emulator";
import { Replayer } from "../helpers/replay";
import { loadFixtures, type RecordedServer } from "./recordings";

const families = loadFixtures();

/** A fresh emulator set up as the recorded Quay was when the recording began. */
async function recordedServer(server: RecordedServer) {
  const emulator = await startEmulator({
    version: server.version as QuayVersion,
    superuser: server.superuser,
    features: server.features as Partial<Features>,
  });
  for (const name of server.organizations) {
    emulator.server.state.createOrganization(name, undefined, server.superuser);
  }
  return emulator;
}

describe("the emulator answers every recorded exchange as real Quay did", () => {
  it.each(families.map((family) => [family.family, family] as const))("%s", async (_name, family) => {
    const emulator = await recordedServer(family.recordedOn);
    try {
      const replayer = new Replayer(emulator, family.recordedOn.superuser);
      // The families recorded before this one made the objects it uses; their own differences are their tests'.
      for (const earlier of family.earlier) {
        for (const exchange of earlier.exchanges) await replayer.replay(exchange);
      }
      const differences: string[] = [];
      for (const exchange of family.exchanges) differences.push(...(await replayer.replay(exchange)));
      expect(differences.join("\n")).toBe("");
    } finally {
      await emulator.stop();
    }
  });
});
