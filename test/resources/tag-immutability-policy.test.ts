import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("TagImmutabilityPolicy", () => {
  const emulator = useEmulator();
  const kind = lifecycle("TagImmutabilityPolicy", emulator);
  const api = emulator.api;
  const policies = async (path: string) => (await api("GET", `${path}/immutabilitypolicy/`)).body.policies;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await emulator.seed.repository("acme", "app");
    for (const tag of ["v1.2.3", "v1.2.3-rc1", "latest"]) await emulator.seed.tag("acme/app", tag);
  });

  it("rejects bad input at check: a pattern that does not compile, an empty one, no scope", async () => {
    expect(await kind.failures({ organization: "acme", tagPattern: "v(" })).toEqual({
      tagPattern: "must be a valid regular expression",
    });
    expect(await kind.failures({ organization: "acme", tagPattern: "   " })).toEqual({
      tagPattern: "must not be empty",
    });
    expect(await kind.failures({ tagPattern: "v.*" })).toEqual({
      organization: "set exactly one of organization and repository",
    });
  });

  it("creates an organization policy that marks the whole-name matches immutable at once, and converges", async () => {
    const inputs = { organization: "acme", tagPattern: "v[0-9]+\\.[0-9]+\\.[0-9]+" };
    const created = await kind.create(inputs);
    expect(await policies("/organization/acme")).toEqual([
      { uuid: created.outs.policyUuid, tagPattern: inputs.tagPattern, tagPatternMatches: true },
    ]);
    const state = emulator.current.server.state;
    const immutable = state.attached(state.repositories.get("acme/app")!, "immutableTags", () => new Set<string>());
    expect([...immutable]).toEqual(["v1.2.3"]);
    await kind.expectConverged(created, inputs);
  });

  it("updates a repository policy in place, and deletes idempotently", async () => {
    const inputs = { repository: "acme/app", tagPattern: "latest" };
    const created = await kind.create(inputs);
    const news = { repository: "acme/app", tagPattern: "stable", tagPatternMatches: false };
    expect((await kind.diff(created, news)).replaces).toEqual([]);
    const updated = await kind.update(created, news);
    expect(await policies("/repository/acme/app")).toEqual([
      { uuid: created.outs.policyUuid, tagPattern: "stable", tagPatternMatches: false },
    ]);
    await kind.expectConverged(updated, news);
    await kind.delete(updated);
    expect(await kind.read(updated)).toEqual({});
    await kind.delete(updated);
  });

  it("reports Quay's refusal of a second policy with the same pattern", async () => {
    await kind.create({ repository: "acme/app", tagPattern: "release-.*" });
    await expect(
      kind.create({ repository: "acme/app", tagPattern: "release-.*", tagPatternMatches: false }),
    ).rejects.toThrow(/A policy with the same tag_pattern already exists/);
  });
});

describe("TagImmutabilityPolicy on Quay 3.16", () => {
  const emulator = useEmulator({ version: "3.16" });

  it("names the release and feature it needs", async () => {
    await emulator.seed.organization("acme");
    await expect(
      runtime.create("TagImmutabilityPolicy", configFor(emulator.current), {
        organization: "acme",
        tagPattern: "v.*",
        tagPatternMatches: true,
      }),
    ).rejects.toThrow("it needs FEATURE_IMMUTABLE_TAGS (Quay 3.17 or later)");
  });
});
