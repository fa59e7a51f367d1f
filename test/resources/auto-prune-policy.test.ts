import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("AutoPrunePolicy", () => {
  const emulator = useEmulator();
  const kind = lifecycle("AutoPrunePolicy", emulator);
  const api = emulator.api;
  const policies = async (path: string) => (await api("GET", `${path}/autoprunepolicy/`)).body.policies;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await emulator.seed.repository("acme", "team/app");
  });

  it("rejects bad input at check, naming the field and the rule", async () => {
    expect(await kind.failures({ organization: "acme", olderThan: "a month" })).toEqual({
      olderThan: "must be a number followed by s, m, h, d, w or y, such as 30d",
    });
    expect(await kind.failures({ organization: "acme", keepNewest: 0 })).toEqual({ keepNewest: "must be 1 or more" });
    expect(await kind.failures({ organization: "acme", keepNewest: 5, tagPattern: "v[0-9" })).toEqual({
      tagPattern: "must be a valid regular expression",
    });
    expect(await kind.failures({ keepNewest: 5 })).toEqual({
      organization: "set exactly one of organization and repository",
    });
    expect(
      await kind.failures({ organization: "acme", repository: "acme/team/app", keepNewest: 5, olderThan: "1d" }),
    ).toEqual({
      organization: "set exactly one of organization and repository",
      keepNewest: "set exactly one of keepNewest and olderThan",
    });
    expect(await kind.failures({ organization: "acme", keepNewest: 5, tagPattern: "  " })).toEqual({
      tagPattern: "must not be empty",
    });
  });

  it("creates several rules on an organization, and converges", async () => {
    const keep = { organization: "acme", keepNewest: 50 };
    const old = { organization: "acme", olderThan: "30d", tagPattern: "^dev-", tagPatternMatches: true };
    const first = await kind.create(keep);
    const second = await kind.create(old);
    expect(first.id).toBe(`acme/${first.outs.policyUuid}`);
    expect(await policies("/organization/acme")).toEqual([
      { uuid: first.outs.policyUuid, method: "number_of_tags", value: 50, tagPattern: null, tagPatternMatches: true },
      {
        uuid: second.outs.policyUuid,
        method: "creation_date",
        value: "30d",
        tagPattern: "^dev-",
        tagPatternMatches: true,
      },
    ]);
    await kind.expectConverged(first, keep);
    await kind.expectConverged(second, old);
  });

  it("creates a rule on a nested repository, updates it in place, and sees a deletion by hand", async () => {
    const inputs = { repository: "acme/team/app", keepNewest: 10 };
    const created = await kind.create(inputs);
    expect(created.id).toBe(`acme/team/app/${created.outs.policyUuid}`);
    const news = { repository: "acme/team/app", olderThan: "2w", tagPattern: "^keep", tagPatternMatches: false };
    expect((await kind.diff(created, news)).replaces).toEqual([]);
    const updated = await kind.update(created, news);
    expect(await policies("/repository/acme/team/app")).toEqual([
      {
        uuid: created.outs.policyUuid,
        method: "creation_date",
        value: "2w",
        tagPattern: "^keep",
        tagPatternMatches: false,
      },
    ]);
    await kind.expectConverged(updated, news);
    await api("DELETE", `/repository/acme/team/app/autoprunepolicy/${created.outs.policyUuid}`);
    expect(await kind.read(updated)).toEqual({});
    await kind.delete(updated);
  });

  it("makes no duplicate when the answer to its create is lost", async () => {
    const inputs = { organization: "acme", olderThan: "1y" };
    emulator.current.server.setFaults({
      rules: [{ route: "createOrganizationPrunePolicy", kinds: ["lost-response"], rate: 1, limit: 1 }],
    });
    const created = await kind.create(inputs);
    emulator.current.server.setFaults({});
    const matching = (await policies("/organization/acme")).filter(
      (policy: { value: unknown }) => policy.value === "1y",
    );
    expect(matching).toEqual([expect.objectContaining({ uuid: created.outs.policyUuid })]);
  });
});

describe("AutoPrunePolicy on Quay 3.10", () => {
  const emulator = useEmulator({ version: "3.10" });

  it("names the release a repository rule needs", async () => {
    await emulator.seed.organization("acme");
    await emulator.seed.repository("acme", "app");
    await expect(
      runtime.create("AutoPrunePolicy", configFor(emulator.current), {
        repository: "acme/app",
        keepNewest: 5,
        tagPatternMatches: true,
      }),
    ).rejects.toThrow("this Quay does not serve the API route: it needs FEATURE_AUTO_PRUNE (Quay 3.11 or later)");
  });
});
