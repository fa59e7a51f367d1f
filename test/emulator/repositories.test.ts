import { beforeAll, describe, expect, it } from "vitest";
import { addUser, quayApi, useEmulator } from "../helpers/emulator";

describe("emulator: repositories (docs/quay-behavior.md §4)", () => {
  const emulator = useEmulator();
  const api = (method: string, path: string, body?: unknown, token?: string) =>
    quayApi(emulator.current, method, path, body, token);

  beforeAll(async () => {
    await emulator.seed.organization("repos");
  });

  it("creates with 201 {namespace, name, kind} and gives the creating user an explicit admin role (§0.10)", async () => {
    const created = await api("POST", "/repository", {
      namespace: "repos",
      repository: "api",
      visibility: "private",
      description: "",
    });
    expect(created).toMatchObject({ status: 201, body: { namespace: "repos", name: "api", kind: "image" } });
    const users = await api("GET", "/repository/repos/api/permissions/user/");
    expect(Object.keys(users.body.permissions)).toEqual(["admin"]);
    expect(users.body.permissions.admin).toMatchObject({ role: "admin", is_robot: false, is_org_member: true });
  });

  it("accepts nested names and routes their sub-resources correctly", async () => {
    const created = await api("POST", "/repository", {
      namespace: "repos",
      repository: "team/app",
      visibility: "public",
      description: "nested",
    });
    expect(created.status).toBe(201);
    const repository = await api("GET", "/repository/repos/team/app");
    expect(repository.body).toMatchObject({ namespace: "repos", name: "team/app", is_public: true, state: "NORMAL" });
    expect((await api("GET", "/repository/repos/team/app/notification/")).body).toEqual({ notifications: [] });
  });

  it("rejects duplicates, bad names and missing fields", async () => {
    const body = { namespace: "repos", repository: "api", visibility: "private", description: "" };
    expect((await api("POST", "/repository", body)).body.detail).toBe("Repository already exists");
    expect((await api("POST", "/repository", { ...body, repository: "Bad Name" })).body.detail).toBe(
      "Invalid repository name",
    );
    const missing = await api("POST", "/repository", { namespace: "repos", repository: "x", visibility: "private" });
    expect(missing.body.detail).toMatch(/^'description' is a required property/);
  });

  it("updates the description, visibility and state through their own endpoints", async () => {
    expect((await api("PUT", "/repository/repos/api", { description: "the API" })).body).toEqual({ success: true });
    expect((await api("POST", "/repository/repos/api/changevisibility", { visibility: "public" })).body).toEqual({
      success: true,
    });
    expect((await api("PUT", "/repository/repos/api/changestate", { state: "READ_ONLY" })).body).toEqual({
      success: true,
    });
    const bad = await api("PUT", "/repository/repos/api/changestate", { state: "FROZEN" });
    // A state outside the schema's enum is a jsonschema error (§V.3).
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(
      /^'FROZEN' is not one of \['NORMAL', 'READ_ONLY', 'MIRROR'\]\n\nFailed validating 'enum'/,
    );
    expect((await api("GET", "/repository/repos/api")).body).toMatchObject({
      description: "the API",
      is_public: true,
      state: "READ_ONLY",
    });
  });

  it("answers a missing repository with 404 for namespace admins, 403 for others (§0.3)", async () => {
    const outsider = await addUser(emulator.current, "outsider");
    expect((await api("GET", "/repository/repos/nope")).status).toBe(404);
    const denied = await api("GET", "/repository/repos/nope", undefined, outsider);
    expect(denied).toMatchObject({ status: 403, body: { error_type: "insufficient_scope" } });
    expect((await api("POST", "/repository/repos/nope/changevisibility", { visibility: "public" })).body).toBeNull();
    expect((await api("DELETE", "/repository/repos/nope")).status).toBe(204);
  });

  it("narrows permissions by token scope: org:admin alone cannot administer repositories (§0.18)", async () => {
    const orgOnly = await addUser(emulator.current, "scoped", ["org:admin"]);
    await api("PUT", "/organization/repos/team/owners/members/scoped");
    const reply = await api("PUT", "/repository/repos/api/permissions/user/outsider", { role: "read" }, orgOnly);
    expect(reply.status).toBe(403);
  });

  it("pages the repository list 100 at a time with next_page (§1.6)", async () => {
    await emulator.seed.organization("many");
    for (let i = 0; i < 150; i += 1) {
      await api("POST", "/repository", {
        namespace: "many",
        repository: `r${i}`,
        visibility: "private",
        description: "",
      });
    }
    const first = await api("GET", "/repository?namespace=many");
    expect(first.body.repositories).toHaveLength(100);
    expect(typeof first.body.next_page).toBe("string");
    const second = await api("GET", `/repository?namespace=many&next_page=${first.body.next_page}`);
    expect(second.body.repositories).toHaveLength(50);
    expect(second.body.next_page).toBeUndefined();
    const restarted = await api("GET", "/repository?namespace=many&next_page=garbage");
    expect(restarted.body.repositories[0].name).toBe("r0");
    expect((await api("GET", "/repository")).body.detail).toBe(
      "namespace, starred or public are required for this API call",
    );
  });

  it("applies the organization's prototypes to new repositories (§7)", async () => {
    await api("PUT", "/organization/repos/team/readers", { role: "member" });
    await api("POST", "/organization/repos/prototypes", { role: "read", delegate: { kind: "team", name: "readers" } });
    await emulator.seed.repository("repos", "seeded");
    expect((await api("GET", "/repository/repos/seeded/permissions/team/readers")).body).toEqual({ role: "read" });
  });

  it("requires application/json on bodies (§0.19)", async () => {
    const response = await fetch(`${emulator.current.url}/api/v1/repository/repos/api`, {
      method: "PUT",
      headers: { authorization: `Bearer ${emulator.current.token}`, "content-type": "text/plain" },
      body: JSON.stringify({ description: "x" }),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      message: "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
    });
  });
});
