import { describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, quayApi, useEmulator } from "../helpers/emulator";

const kind = "Organization";

describe("Organization", () => {
  const emulator = useEmulator();
  const config = () => configFor(emulator.current);

  it("rejects bad input at check, naming the field and the rule, with no API call", async () => {
    const before = emulator.current.metrics().total;
    const result = await runtime.check(kind, {}, { name: "Bad_Name!", email: "not-an-email", colour: "blue" });
    const byProperty = Object.fromEntries(result.failures.map((failure) => [failure.property, failure.reason]));
    expect(byProperty.name).toMatch(/lowercase letters and digits/);
    expect(byProperty.email).toBe("must be an e-mail address such as team@example.com");
    expect(byProperty.colour).toBe("is not a property of Organization");
    expect((await runtime.check(kind, {}, {})).failures).toEqual([
      { property: "name", reason: "is required and must be a string" },
    ]);
    expect((await runtime.check(kind, {}, { name: "x" })).failures[0].reason).toBe(
      "must be at least 2 characters long",
    );
    expect(emulator.current.metrics().total).toBe(before);
  });

  it("lets values unknown at preview through check", async () => {
    const result = await runtime.check(kind, {}, { name: runtime.unknownValue, email: "a@example.com" });
    expect(result.failures).toEqual([]);
    expect(result.inputs.name).toBe(runtime.unknownValue);
  });

  it("diffs: a new name replaces (creating the new one first), a new e-mail updates, nothing else is a change", async () => {
    const olds = { name: "acme", email: "a@example.com", __provider: "old text" };
    expect(await runtime.diff(kind, "acme", olds, { name: "acme", email: "a@example.com", __provider: "new" })).toEqual(
      {
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      },
    );
    expect(await runtime.diff(kind, "acme", olds, { name: "acme2", email: "a@example.com" })).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
    expect(await runtime.diff(kind, "acme", olds, { name: "acme", email: "b@example.com" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect((await runtime.diff(kind, "acme", olds, { name: runtime.unknownValue })).replaces).toEqual(["name"]);
    // Leaving an optional setting unset stops managing it: Quay keeps its value, and that is no change.
    expect((await runtime.diff(kind, "acme", olds, { name: "acme" })).changes).toBe(false);
  });

  it("creates, reads back the inputs, updates in place, and sees no change on a second apply", async () => {
    const inputs = (await runtime.check(kind, {}, { name: "lifecycle", email: "ops@example.com" })).inputs;
    const created = await runtime.create(kind, config(), inputs);
    const quayUrl = emulator.current.url;
    expect(created).toEqual({ id: "lifecycle", outs: { name: "lifecycle", email: "ops@example.com", quayUrl } });
    const read = await runtime.read(kind, config(), created.id, created.outs);
    expect(read).toEqual({
      id: "lifecycle",
      props: created.outs,
      inputs: { name: "lifecycle", email: "ops@example.com" },
    });
    expect((await runtime.diff(kind, created.id, read.props!, inputs)).changes).toBe(false);

    const news = { name: "lifecycle", email: "platform@example.com" };
    const updated = await runtime.update(kind, config(), created.id, created.outs, news);
    expect(updated.outs).toEqual({ ...news, quayUrl });
    const org = await quayApi(emulator.current, "GET", "/organization/lifecycle");
    expect((org.body as { email: string }).email).toBe("platform@example.com");

    await runtime.deleteResource(kind, config(), created.id, updated.outs);
    expect((await quayApi(emulator.current, "GET", "/organization/lifecycle")).status).toBe(404);
  });

  it("manages tag expiration when set, and leaves Quay's default alone when not", async () => {
    const created = await runtime.create(kind, config(), { name: "expiry", tagExpirationSeconds: 86_400 });
    const org = await quayApi(emulator.current, "GET", "/organization/expiry");
    expect((org.body as { tag_expiration_s: number }).tag_expiration_s).toBe(86_400);
    const read = await runtime.read(kind, config(), created.id, created.outs);
    expect(read.props?.tagExpirationSeconds).toBe(86_400);
    const plain = await runtime.create(kind, config(), { name: "default-expiry" });
    const plainRead = await runtime.read(kind, config(), plain.id, plain.outs);
    expect(plainRead.props?.tagExpirationSeconds).toBeUndefined();
    expect((await runtime.diff(kind, plain.id, plainRead.props!, { name: "default-expiry" })).changes).toBe(false);
    await expect(
      runtime.update(kind, config(), created.id, created.outs, { name: "expiry", tagExpirationSeconds: 5 }),
    ).rejects.toThrow(
      'updating Organization "expiry": Invalid tag expiration option (HTTP 400 PUT /organization/expiry)',
    );
  });

  it("refresh shows an out-of-band change as drift, and a removed e-mail as unset", async () => {
    const created = await runtime.create(kind, config(), { name: "drifting", email: "one@example.com" });
    await quayApi(emulator.current, "PUT", "/organization/drifting", { email: "two@example.com" });
    const read = await runtime.read(kind, config(), created.id, created.outs);
    expect(read.props?.email).toBe("two@example.com");
    expect(
      (await runtime.diff(kind, created.id, read.props!, { name: "drifting", email: "one@example.com" })).changes,
    ).toBe(true);
    await quayApi(emulator.current, "PUT", "/organization/drifting", { email: "" });
    const cleared = await runtime.read(kind, config(), created.id, created.outs);
    expect(cleared.props?.email).toBeUndefined();
    expect(cleared.inputs).toEqual({ name: "drifting" });
  });

  it("refresh drops an organization deleted out of band, and delete then succeeds", async () => {
    const created = await runtime.create(kind, config(), { name: "vanishing" });
    expect((await quayApi(emulator.current, "DELETE", "/organization/vanishing")).status).toBe(204);
    expect(await runtime.read(kind, config(), created.id, created.outs)).toEqual({});
    await expect(runtime.deleteResource(kind, config(), created.id, created.outs)).resolves.toBeUndefined();
  });

  it("refuses to delete an organization holding what the stack does not manage, naming it, until forceDelete", async () => {
    const created = await runtime.create(kind, config(), { name: "holding" });
    await emulator.seed.repository("holding", "by-hand");
    await emulator.seed.robot("holding", "builder");
    await emulator.seed.team("holding", "devs");
    await emulator.api("POST", "/organization/holding/applications", { name: "ci-app" });
    const before = emulator.current.metrics().writes;
    await expect(runtime.deleteResource(kind, config(), created.id, created.outs)).rejects.toThrow(
      'deleting Organization "holding": it still holds repository holding/by-hand, robot holding+builder, OAuth ' +
        "application ci-app, team devs, which deleting it would delete too; nothing was deleted.",
    );
    expect(emulator.current.metrics().writes).toBe(before);
    const forced = { ...created.outs, forceDelete: true };
    expect((await runtime.read(kind, config(), created.id, forced)).props?.forceDelete).toBe(true);
    await runtime.deleteResource(kind, config(), created.id, forced);
    expect((await quayApi(emulator.current, "GET", "/organization/holding")).status).toBe(404);
  });

  it("deletes an organization left with only its owners team, checking with reads only", async () => {
    const created = await runtime.create(kind, config(), { name: "emptied" });
    emulator.current.server.resetMetrics();
    await runtime.deleteResource(kind, config(), created.id, created.outs);
    const { requests, writes } = emulator.current.metrics();
    expect(writes).toBe(1);
    expect(Object.keys(requests).sort()).toEqual([
      "DELETE /organization/{orgname}",
      "GET /organization/{orgname}",
      "GET /organization/{orgname}/applications",
      "GET /organization/{orgname}/robots",
      "GET /repository",
    ]);
  });

  it("explains why a just-deleted name cannot be created again, and works after Quay purges it", async () => {
    await runtime.create(kind, config(), { name: "reborn" });
    await runtime.deleteResource(kind, config(), "reborn", { name: "reborn" });
    await expect(runtime.create(kind, config(), { name: "reborn" })).rejects.toThrow(
      /creating Organization "reborn": the name "reborn" belonged to a deleted user or organization that Quay has not purged yet/,
    );
    emulator.current.server.state.collectGarbage(Number.POSITIVE_INFINITY);
    await expect(runtime.create(kind, config(), { name: "reborn" })).resolves.toMatchObject({ id: "reborn" });
  });

  it("reports Quay's own refusal with the operation, the object and the HTTP call", async () => {
    await runtime.create(kind, config(), { name: "taken" });
    await expect(runtime.create(kind, config(), { name: "taken" })).rejects.toThrow(
      'creating Organization "taken": A user or organization with this name already exists (HTTP 400 POST /organization/)',
    );
  });

  it("uses the connection namespace a resource names, and says which setting is missing", async () => {
    const extra = { "quay-eu:url": emulator.current.url, "quay-eu:token": emulator.current.token };
    const created = await runtime.create(kind, configFor(emulator.current, extra), {
      name: "eu-org",
      connection: "quay-eu",
    });
    expect(created.outs.connection).toBe("quay-eu");
    await expect(runtime.create(kind, config(), { name: "nowhere", connection: "quay-us" })).rejects.toThrow(
      /"quay-us:url" is not set: run `pulumi config set quay-us:url/,
    );
  });
});
