import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources } from "../../provider/registry";
import { quayProvider } from "../../sdk/provider";
import {
  type DynamicProviderServer,
  diffChanges,
  serializeProvider,
  startDynamicProvider,
} from "../helpers/dynamic-provider";
import { quayApi, useEmulator } from "../helpers/emulator";

/** Inputs for one object of each kind, in an organization the test prepares. */
const samples: Record<string, Record<string, unknown>> = {
  Organization: { name: "contract-org", email: "c@example.com" },
  Repository: { namespace: "kinds", name: "nested/app", visibility: "public" },
  Robot: { organization: "kinds", name: "builder", description: "CI" },
  Team: { organization: "kinds", name: "devs", role: "creator", members: ["kinds+puller"] },
  TeamMember: { organization: "kinds", team: "existing", member: "kinds+puller" },
  RepositoryPermission: { repository: "kinds/base", user: "kinds+puller", role: "write" },
  DefaultPermission: { organization: "kinds", delegateTeam: "existing", role: "read" },
  RepositoryNotification: {
    repository: "kinds/base",
    event: "repo_push",
    method: "webhook",
    config: { url: "https://hooks.example.com/x" },
  },
  RepositoryMirror: {
    repository: "kinds/base",
    externalReference: "registry.example.com/library/nginx",
    robot: "kinds+puller",
    tagPatterns: ["latest"],
    username: "reader",
    password: "hunter2",
  },
};

describe("every kind through the real dynamic-provider server", () => {
  const emulator = useEmulator();
  let server: DynamicProviderServer;

  beforeAll(async () => {
    const api = (method: string, path: string, body?: unknown) => quayApi(emulator.current, method, path, body);
    await api("POST", "/organization/", { name: "kinds" });
    await api("POST", "/repository", {
      namespace: "kinds",
      repository: "base",
      visibility: "private",
      description: "",
    });
    await api("PUT", "/organization/kinds/robots/puller");
    await api("PUT", "/organization/kinds/team/existing", { role: "member" });
    server = await startDynamicProvider(join(__dirname, "../.."));
    await server.configure({ "quay:url": emulator.current.url, "quay:token": emulator.current.token });
  });
  afterAll(() => server?.stop());

  it("has a sample for every kind", () => {
    expect(Object.keys(samples).sort()).toEqual(resources.map((definition) => definition.kind).sort());
  });

  it.each(Object.keys(samples))("%s: check, create, read, diff and delete over gRPC", async (kind) => {
    const providerText = await serializeProvider(quayProvider(kind));
    expect(providerText.length).toBeLessThan(2.5 * 1024);
    const urn = `urn:pulumi:test::contract::pulumi-nodejs:dynamic/quay:${kind}::sample`;
    const checked = await server.check(urn, {}, { __provider: providerText, ...samples[kind] });
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
  });
});
