import { describe, expect, it } from "vitest";
import { type Features, type QuayVersion, startEmulator } from "../../emulator";
import { loadFixtures, Replayer } from "../helpers/replay";

const { plan, families } = loadFixtures();

/** A fresh emulator set up as the recorded Quay was when the recording began. */
async function recordedServer() {
  const emulator = await startEmulator({
    version: plan.server.version as QuayVersion,
    superuser: plan.server.superuser,
    features: plan.server.features as Partial<Features>,
  });
  for (const name of plan.server.organizations) {
    emulator.server.state.createOrganization(name, undefined, plan.server.superuser);
  }
  return emulator;
}

describe("the emulator answers every recorded exchange as real Quay did", () => {
  it.each(families.map((family, index) => [family.family, index] as const))("%s", async (_name, index) => {
    const emulator = await recordedServer();
    try {
      const replayer = new Replayer(emulator);
      // The families before this one made the objects it uses; their own differences are their tests'.
      for (const earlier of families.slice(0, index)) {
        for (const exchange of earlier.exchanges) await replayer.replay(exchange);
      }
      const differences: string[] = [];
      for (const exchange of families[index].exchanges) differences.push(...(await replayer.replay(exchange)));
      expect(differences.join("\n")).toBe("");
    } finally {
      await emulator.stop();
    }
  });
});
