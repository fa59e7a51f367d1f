import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";

describe("emulator: auto-prune policies (docs/quay-behavior.md §12)", () => {
  const emulator = useEmulator();
  const api = emulator.api;
  const policies = "/organization/tidy/autoprunepolicy/";

  beforeAll(async () => {
    await emulator.seed.organization("tidy");
  });

  it("answers create 201 {uuid}, update 204 and delete 200 {uuid}", async () => {
    const created = await api("POST", policies, { method: "number_of_tags", value: 10 });
    expect(created).toMatchObject({ status: 201, body: { uuid: expect.any(String) } });
    const path = `${policies}${created.body.uuid}`;
    const updated = await api("PUT", path, { method: "creation_date", value: "7d", tagPattern: "^x" });
    expect(updated.status).toBe(204);
    expect(updated.body).toBeUndefined();
    expect((await api("GET", policies)).body.policies).toEqual([
      { uuid: created.body.uuid, method: "creation_date", value: "7d", tagPattern: "^x", tagPatternMatches: true },
    ]);
    // A full replace: the pattern goes when it is not sent again.
    await api("PUT", path, { method: "creation_date", value: "7d" });
    expect((await api("GET", policies)).body.policies[0].tagPattern).toBeNull();
    expect(await api("DELETE", path)).toMatchObject({ status: 200, body: { uuid: created.body.uuid } });
  });

  it("checks method and value types, patterns, and duplicates", async () => {
    const refused = async (body: unknown) => (await api("POST", policies, body)).body.detail;
    expect(await refused({ method: "size", value: 1 })).toBe("Invalid method provided");
    expect(await refused({ method: "number_of_tags", value: "10" })).toBe("Invalid value given for method type");
    expect(await refused({ method: "creation_date", value: 7 })).toBe("Invalid value given for method type");
    expect(await refused({ method: "number_of_tags", value: 5, tagPattern: " " })).toBe("tag_pattern cannot be empty");
    await api("POST", policies, { method: "number_of_tags", value: 5 });
    expect(await refused({ method: "number_of_tags", value: 5 })).toBe(
      "Existing policy with same values for this namespace, duplicate policies are not permitted",
    );
  });
});

describe("emulator: auto-prune policies on Quay 3.12", () => {
  const emulator = useEmulator({ version: "3.12" });

  it("allow one policy per namespace", async () => {
    await emulator.seed.organization("tidy");
    await emulator.api("POST", "/organization/tidy/autoprunepolicy/", { method: "number_of_tags", value: 5 });
    const second = await emulator.api("POST", "/organization/tidy/autoprunepolicy/", {
      method: "creation_date",
      value: "1d",
    });
    expect(second.body.detail).toBe("Policy for this namespace already exists, delete existing to create new policy");
  });
});
