import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("Repository", () => {
  const emulator = useEmulator();
  const kind = lifecycle("Repository", emulator);
  const api = emulator.api;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
  });

  it("rejects bad input at check", async () => {
    expect(await kind.failures({ namespace: "acme", name: "Bad Name", visibility: "secret" })).toEqual({
      name: expect.stringMatching(/^must be lowercase letters, digits/),
      visibility: "must be public or private",
    });
    expect(await kind.failures({ name: "x" })).toEqual({ namespace: "is required and must be a string" });
    expect(await kind.failures({ namespace: "acme", name: "api", state: "FROZEN" })).toEqual({
      state: "must be NORMAL, READ_ONLY or MIRROR",
    });
  });

  it("derives fullName at check, so dependents see it during a preview (unknown only with an unknown part)", async () => {
    expect((await runtime.check("Repository", {}, { namespace: "acme", name: "team/app" })).inputs.fullName).toBe(
      "acme/team/app",
    );
    const preview = await runtime.check("Repository", {}, { namespace: runtime.unknownValue, name: "app" });
    expect(preview.inputs.fullName).toBe(runtime.unknownValue);
  });

  it("creates with defaults, reads back, and converges", async () => {
    const created = await kind.create({ namespace: "acme", name: "team/app" });
    expect(created).toMatchObject({
      id: "acme/team/app",
      outs: { visibility: "private", description: "", fullName: "acme/team/app" },
    });
    await kind.expectConverged(created, { namespace: "acme", name: "team/app" });
  });

  it("updates description, visibility and state in place, calling only what changed", async () => {
    const inputs = { namespace: "acme", name: "api", description: "v1" };
    const created = await kind.create(inputs);
    const news = { ...inputs, description: "v2", visibility: "public", state: "READ_ONLY" };
    expect(await kind.diff(created, news)).toMatchObject({ changes: true, replaces: [] });
    emulator.current.server.resetMetrics();
    const updated = await kind.update(created, news);
    expect(Object.keys(emulator.current.server.metrics.requests).sort()).toEqual([
      "POST /repository/{repository}/changevisibility",
      "PUT /repository/{repository}",
      "PUT /repository/{repository}/changestate",
    ]);
    expect((await api("GET", "/repository/acme/api")).body).toMatchObject({
      description: "v2",
      is_public: true,
      state: "READ_ONLY",
    });
    await kind.expectConverged(updated, news);
  });

  it("replaces on a new name or namespace, creating the new one first", async () => {
    const created = await kind.create({ namespace: "acme", name: "old" });
    expect(await kind.diff(created, { namespace: "acme", name: "new" })).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
  });

  it("sees out-of-band changes and deletion, and deletes idempotently", async () => {
    const inputs = { namespace: "acme", name: "drift", visibility: "private" };
    const created = await kind.create(inputs);
    await api("POST", "/repository/acme/drift/changevisibility", { visibility: "public" });
    const read = await kind.read(created);
    expect(read.props?.visibility).toBe("public");
    expect((await kind.diff({ id: created.id, outs: read.props! }, inputs)).changes).toBe(true);
    await api("DELETE", "/repository/acme/drift");
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
    expect((await api("GET", "/repository/acme/drift")).status).toBe(404);
  });

  it("refuses to delete a repository that holds tags, naming them, until forceDelete is recorded", async () => {
    const created = await kind.create({ namespace: "acme", name: "images" });
    for (const tag of ["latest", "v1"]) await emulator.seed.tag("acme/images", tag);
    await expect(kind.delete(created)).rejects.toThrow(
      'deleting Repository "acme/images": it still holds tag latest, tag v1, which deleting it would delete too; ' +
        "nothing was deleted.",
    );
    expect((await api("GET", "/repository/acme/images")).status).toBe(200);
    // Recording forceDelete is an update that calls nothing; a read keeps it (Quay never holds it).
    const forced = await kind.update(created, { namespace: "acme", name: "images", forceDelete: true });
    expect((await kind.diff(forced, { namespace: "acme", name: "images", forceDelete: true })).changes).toBe(false);
    expect((await kind.read(forced)).props?.forceDelete).toBe(true);
    await kind.delete(forced);
    expect((await api("GET", "/repository/acme/images")).status).toBe(404);
  });

  it("names a missing namespace as the cause when Quay refuses the create (an HTML 500 to a superuser)", async () => {
    await expect(kind.create({ namespace: "ghost", name: "app" })).rejects.toThrow(
      'creating Repository "ghost/app": the namespace "ghost" does not exist in this Quay. Create the organization first',
    );
    // A namespace that exists keeps Quay's own refusal.
    await kind.create({ namespace: "acme", name: "twice" });
    await expect(kind.create({ namespace: "acme", name: "twice" })).rejects.toThrow(/Repository already exists/);
  });
});
