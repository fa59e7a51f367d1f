import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";

describe("emulator: proxy cache (docs/quay-behavior.md §13)", () => {
  const emulator = useEmulator();
  const api = emulator.api;
  const path = "/organization/cached/proxycache";

  beforeAll(async () => {
    await emulator.seed.organization("cached");
  });

  it("reads 200 with empty strings when there is none, creates 201 'Created', deletes 201 'Deleted'", async () => {
    expect((await api("GET", path)).body).toEqual({ upstream_registry: "", expiration_s: "", insecure: "" });
    expect(await api("POST", path, { upstream_registry: "quay.io", upstream_registry_username: "u" })).toMatchObject({
      status: 201,
      body: "Created",
    });
    expect((await api("GET", path)).body).toEqual({
      upstream_registry: "quay.io",
      expiration_s: 86400,
      insecure: false,
    });
    expect((await api("POST", path, { upstream_registry: "docker.io" })).body.detail).toBe(
      "Proxy Cache Configuration already exists",
    );
    expect(await api("DELETE", path)).toMatchObject({ status: 201, body: "Deleted" });
    expect((await api("DELETE", path)).status).toBe(404);
  });

  it("validates with 202 'Valid' or 'Anonymous'", async () => {
    const validate = "/organization/cached/validateproxycache";
    expect(await api("POST", validate, { upstream_registry: "quay.io" })).toMatchObject({
      status: 202,
      body: "Anonymous",
    });
    expect(
      await api("POST", validate, { upstream_registry: "quay.io", upstream_registry_username: "u" }),
    ).toMatchObject({ status: 202, body: "Valid" });
  });
});
