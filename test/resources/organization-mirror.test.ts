import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

const base = {
  organization: "mirrored",
  registryType: "quay",
  registryUrl: "https://quay.io",
  namespace: "prometheus",
  robot: "mirrored+puller",
};

describe("OrganizationMirror", () => {
  const emulator = useEmulator();
  const kind = lifecycle("OrganizationMirror", emulator);
  const api = emulator.api;
  const view = async (org = "mirrored") => (await api("GET", `/organization/${org}/mirror`)).body;

  beforeAll(async () => {
    for (const org of ["mirrored", "busy"]) {
      await emulator.seed.organization(org);
      await emulator.seed.robot(org, "puller");
    }
    await emulator.seed.repository("busy", "app");
  });

  it("rejects bad input at check, including a robot of another organization and a password alone", async () => {
    expect(
      await kind.failures({ ...base, registryUrl: "ftp://quay.io", robot: "other+puller", syncIntervalSeconds: 30 }),
    ).toEqual({ registryUrl: expect.stringMatching(/^must be an http/), syncIntervalSeconds: "must be at least 60" });
    expect(await kind.failures({ ...base, robot: "other+puller", password: "s3cret" })).toEqual({
      "": "password needs username: Quay logs in to the registry with both",
      robot: "must be a robot of mirrored, as Quay requires",
    });
  });

  it("creates the mirror of an empty organization, and converges without reading the password back", async () => {
    const inputs = { ...base, repositoryFilters: ["node-*"], username: "reader", password: "token" };
    const created = await kind.create(inputs);
    expect(await view()).toMatchObject({
      external_registry_type: "quay",
      external_namespace: "prometheus",
      has_external_registry_password: true,
      repository_filters: ["node-*"],
      sync_status: "NEVER_RUN",
    });
    await kind.expectConverged(created, inputs);
    // While mirrored, nobody creates repositories in the organization.
    const refused = await api("POST", "/repository", {
      namespace: "mirrored",
      repository: "x",
      visibility: "private",
      description: "",
    });
    expect(refused.body.detail).toBe(
      "Cannot create repository: organization is managed by organization-level mirroring",
    );
  });

  it("updates in place, syncs on demand, and deletes idempotently", async () => {
    const inputs = { ...base, repositoryFilters: ["node-*"], username: "reader", password: "token" };
    const state = { id: "mirrored", outs: (await kind.read({ id: "mirrored", outs: inputs })).props! };
    const news = { ...inputs, syncIntervalSeconds: 3600, visibility: "public", syncTrigger: "now" };
    const updated = await kind.update(state, news);
    expect(await view()).toMatchObject({ sync_interval: 3600, visibility: "public", sync_status: "SYNC_NOW" });
    await kind.expectConverged(updated, news);
    await expect(kind.diff(updated, { ...news, registryType: "harbor" })).rejects.toThrow(
      /registryType cannot change from "quay": Quay cannot change the registry type.*Nothing was changed\./,
    );

    await kind.delete(updated);
    expect(await kind.read(updated)).toEqual({});
    await kind.delete(updated);
  });

  it("leaves the password and the proxy settings the program does not set as Quay has them", async () => {
    await emulator.seed.organization("kept");
    await emulator.seed.robot("kept", "puller");
    const inputs = { ...base, organization: "kept", robot: "kept+puller", username: "reader", password: "token" };
    const created = await kind.create(inputs);
    await api("PUT", "/organization/kept/mirror", {
      external_registry_config: { verify_tls: true, proxy: { http_proxy: "http://proxy:3128", https_proxy: null } },
    });
    const { password: _unset, ...withoutPassword } = inputs;
    await kind.update(created, { ...withoutPassword, username: "writer", verifyTls: false });
    expect(await view("kept")).toMatchObject({
      external_registry_username: "writer",
      has_external_registry_password: true,
      external_registry_config: { verify_tls: false, proxy: { http_proxy: "http://proxy:3128" } },
    });
  });

  it("rejects a proxy URL with credentials in it: they would be stored and shown in clear", async () => {
    // Named without its value, which the engine would print beside the reason.
    expect(await kind.failures({ ...base, httpsProxy: "http://user:pass@proxy:3128" })).toEqual({
      "": "httpsProxy must not include credentials: they would be kept in clear",
    });
  });

  it("reports Quay's refusal to mirror into an organization that holds repositories", async () => {
    await expect(kind.create({ ...base, organization: "busy", robot: "busy+puller" })).rejects.toThrow(
      /the organization already contains repositories/,
    );
  });
});

describe("OrganizationMirror on Quay 3.16", () => {
  const emulator = useEmulator({ version: "3.16" });

  it("names the release and feature it needs", async () => {
    await emulator.seed.organization("mirrored");
    await emulator.seed.robot("mirrored", "puller");
    const checked = await runtime.check("OrganizationMirror", {}, base);
    await expect(runtime.create("OrganizationMirror", configFor(emulator.current), checked.inputs)).rejects.toThrow(
      "it needs FEATURE_ORG_MIRROR (Quay 3.17 or later)",
    );
  });
});
