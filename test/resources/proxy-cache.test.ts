import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("ProxyCache", () => {
  const emulator = useEmulator();
  const kind = lifecycle("ProxyCache", emulator);
  const api = emulator.api;
  const config = async (org: string) => (await api("GET", `/organization/${org}/proxycache`)).body;

  beforeAll(async () => {
    for (const org of ["cache", "anonymous", "blocked"]) await emulator.seed.organization(org);
  });

  it("rejects bad input at check, and never shows the password", async () => {
    expect(await kind.failures({ organization: "cache", upstreamRegistry: "https://docker.io" })).toEqual({
      upstreamRegistry: "must be a registry host, optionally with a namespace, such as docker.io or quay.io/library",
    });
    expect(
      await kind.failures({ organization: "cache", upstreamRegistry: "docker.io", password: "s3cret-pw" }),
    ).toEqual({
      "": "password needs username: Quay logs in to the upstream with both",
    });
  });

  it("creates a cache with credentials, and converges without reading them back", async () => {
    const inputs = {
      organization: "cache",
      upstreamRegistry: "docker.io/library",
      username: "puller",
      password: "hub-token",
      expirationSeconds: 3600,
    };
    const created = await kind.create(inputs);
    expect(created.id).toBe("cache");
    expect(await config("cache")).toEqual({
      upstream_registry: "docker.io/library",
      expiration_s: 3600,
      insecure: false,
    });
    const read = await kind.expectConverged(created, inputs);
    expect(read.props).toMatchObject({ username: "puller", password: "hub-token" });
  });

  it("replaces on any change (Quay has no update), deleting the old configuration first", async () => {
    const inputs = { organization: "anonymous", upstreamRegistry: "quay.io" };
    const created = await kind.create(inputs);
    expect(await kind.diff(created, { ...inputs, password: "new", username: "someone" })).toEqual({
      changes: true,
      replaces: ["username", "password"],
      deleteBeforeReplace: true,
    });
    expect((await kind.diff(created, { ...inputs, organization: "cache" })).deleteBeforeReplace).toBe(false);
    await kind.delete(created);
    expect(await config("anonymous")).toEqual({ upstream_registry: "", expiration_s: "", insecure: "" });
    await kind.delete(created);
    expect(await kind.read(created)).toEqual({});
  });

  it("reports Quay's refusal of an upstream that resolves to a private address", async () => {
    await expect(kind.create({ organization: "blocked", upstreamRegistry: "registry.localhost" })).rejects.toThrow(
      /The provided registry URL is not allowed/,
    );
  });
});
