import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("OAuthApplication", () => {
  const emulator = useEmulator();
  const kind = lifecycle("OAuthApplication", emulator);
  const api = emulator.api;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
  });

  it("rejects bad input at check", async () => {
    expect(await kind.failures({ organization: "acme", name: "__quay_bootstrap_app", avatarEmail: "nope" })).toEqual({
      name: "is reserved by Quay",
      avatarEmail: "must be an e-mail address",
    });
  });

  it("creates an application with its client id and a secret output, and converges", async () => {
    const inputs = { organization: "acme", name: "Portal", redirectUri: "https://portal.example.com/cb" };
    const created = await kind.create(inputs);
    expect(created.outs.clientId).toMatch(/^[A-Z0-9]{20}$/);
    expect(created.outs.clientSecret).toMatch(/^[A-Z0-9]{40}$/);
    expect(created.id).toBe(`acme/${created.outs.clientId}`);
    await kind.expectConverged(created, inputs);
  });

  it("updates every field in place (Quay replaces them all), and rotates the secret on demand", async () => {
    const inputs = { organization: "acme", name: "CI", description: "Builds", avatarEmail: "ci@example.com" };
    const created = await kind.create(inputs);
    const renamed = await kind.update(created, { ...inputs, name: "CI system" });
    const app = (await api("GET", `/organization/acme/applications/${created.outs.clientId}`)).body;
    expect(app).toMatchObject({ name: "CI system", description: "Builds", avatar_email: "ci@example.com" });
    expect(renamed.outs.clientSecret).toBe(created.outs.clientSecret);
    const rotated = await kind.update(renamed, { ...inputs, name: "CI system", secretRotation: "2026-12" });
    expect(rotated.outs.clientSecret).not.toBe(created.outs.clientSecret);
    expect(rotated.outs.clientId).toBe(created.outs.clientId);
    await kind.expectConverged(rotated, { ...inputs, name: "CI system", secretRotation: "2026-12" });
  });

  it("keeps an avatar e-mail the program leaves unset, although Quay's update replaces every field", async () => {
    const inputs = { organization: "acme", name: "Dashboard" };
    const created = await kind.create(inputs);
    const path = `/organization/acme/applications/${created.outs.clientId}`;
    const byHand = { name: "Dashboard", application_uri: "", redirect_uri: "", avatar_email: "ops@example.com" };
    await api("PUT", path, byHand);
    // Quay clears what an update leaves out.
    await api("PUT", path, { ...byHand, avatar_email: undefined });
    expect((await api("GET", path)).body.avatar_email).toBeNull();
    await api("PUT", path, byHand);
    await kind.update(created, { ...inputs, description: "Dashboards" });
    expect((await api("GET", path)).body).toMatchObject({ description: "Dashboards", avatar_email: "ops@example.com" });
  });

  it("sees changes and deletion made by hand, and deletes idempotently", async () => {
    const created = await kind.create({ organization: "acme", name: "Temporary" });
    const path = `/organization/acme/applications/${created.outs.clientId}`;
    await api("PUT", path, { name: "Renamed", redirect_uri: "", application_uri: "" });
    expect((await kind.read(created)).props?.name).toBe("Renamed");
    await api("DELETE", path);
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
  });
});
