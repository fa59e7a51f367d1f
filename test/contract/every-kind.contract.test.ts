import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kinds } from "../../provider/catalog";
import { referencesOf } from "../../provider/operations/references";
import { providerText as fixedProviderText } from "../../sdk/provider";
import { type DynamicProviderServer, diffChanges, startDynamicProvider } from "../helpers/dynamic-provider";
import { useEmulator } from "../helpers/emulator";

describe("every kind through the real dynamic-provider server", () => {
  const emulator = useEmulator();
  let server: DynamicProviderServer;

  beforeAll(async () => {
    // What the samples name without making it, found through their references, made by hand first.
    const named = kinds.flatMap((definition) => referencesOf(definition.kind, definition.sample));
    const parts = (kind: string) => [
      ...new Map(
        named.filter((reference) => reference.kind === kind).map((reference) => [reference.value, reference.parts]),
      ).values(),
    ];
    const namespaces = new Set([
      ...parts("Organization").map(([name]) => name),
      ...[...parts("Repository"), ...parts("Robot"), ...parts("Team")].map(([namespace]) => namespace),
    ]);
    for (const namespace of namespaces) await emulator.seed.organization(namespace);
    for (const [namespace, name] of parts("Repository")) await emulator.seed.repository(namespace, name);
    for (const [namespace, name] of parts("Robot"))
      await emulator.api("PUT", `/organization/${namespace}/robots/${name}`);
    for (const [namespace, name] of parts("Team")) {
      await emulator.api("PUT", `/organization/${namespace}/team/${name}`, { role: "member" });
    }
    expect(namespaces.size).toBeGreaterThan(1);
    server = await startDynamicProvider(join(__dirname, "../.."));
    await server.configure({ "quay:url": emulator.current.url, "quay:token": emulator.current.token });
  });
  afterAll(() => server?.stop());

  it.each(kinds.map((definition) => definition.kind))(
    "%s: check, create, read, diff and delete over gRPC",
    async (kind) => {
      const providerText = fixedProviderText(kind);
      const urn = `urn:pulumi:test::contract::pulumi-nodejs:dynamic/quay:${kind}::sample`;
      const checked = await server.check(
        urn,
        {},
        { __provider: providerText, ...kinds.find((definition) => definition.kind === kind)!.sample },
      );
      expect(checked.failures).toEqual([]);
      const created = await server.create(urn, checked.inputs);
      expect(created.id).not.toBe("");
      const read = await server.read(urn, created.id, created.properties);
      expect(read.id).toBe(created.id);
      expect((await server.diff(urn, created.id, read.properties, checked.inputs)).changes).toBe(diffChanges.DIFF_NONE);
      await server.delete(urn, created.id, created.properties);
      // Quay cannot delete a mirror configuration: delete disables it, so it still reads back.
      if (kind !== "RepositoryMirror") {
        expect((await server.read(urn, created.id, created.properties)).id).toBe("");
      }
    },
  );
});
