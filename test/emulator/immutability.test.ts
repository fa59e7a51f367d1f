import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";

describe("emulator: tag immutability policies (docs/quay-behavior.md §19)", () => {
  const emulator = useEmulator();
  const api = emulator.api;
  const policies = "/organization/locked/immutabilitypolicy/";

  beforeAll(async () => {
    await emulator.seed.organization("locked");
  });

  it("answers create 201 {uuid}, update 204 and delete 200 {uuid}, listing {uuid, tagPattern, tagPatternMatches}", async () => {
    const created = await api("POST", policies, { tagPattern: " v[0-9]+ " });
    expect(created).toMatchObject({ status: 201, body: { uuid: expect.any(String) } });
    expect((await api("GET", policies)).body).toEqual({
      policies: [{ uuid: created.body.uuid, tagPattern: "v[0-9]+", tagPatternMatches: true }],
    });
    expect(
      (await api("PUT", `${policies}${created.body.uuid}`, { tagPattern: "release-.*", tagPatternMatches: false }))
        .status,
    ).toBe(204);
    expect(await api("DELETE", `${policies}${created.body.uuid}`)).toMatchObject({
      status: 200,
      body: { uuid: created.body.uuid },
    });
  });

  it("checks the pattern: non-empty, at most 256 characters, a valid expression, once per scope", async () => {
    const refused = async (body: unknown) => (await api("POST", policies, body)).body.detail;
    expect(await refused({ tagPattern: "  " })).toBe("tag_pattern is required and must be a non-empty string");
    expect(await refused({ tagPattern: "x".repeat(257) })).toBe("tag_pattern must be 256 characters or less");
    expect(await refused({ tagPattern: "v(" })).toMatch(/^Invalid regex pattern: /);
    await api("POST", policies, { tagPattern: "stable" });
    expect(await refused({ tagPattern: "stable", tagPatternMatches: false })).toBe(
      "A policy with the same tag_pattern already exists",
    );
  });

  it("keeps an organization with immutable tags from becoming a proxy cache (§13)", async () => {
    await emulator.seed.repository("locked", "app");
    await emulator.seed.tag("locked/app", "stable");
    await api("POST", "/repository/locked/app/immutabilitypolicy/", { tagPattern: "stable" });
    expect((await api("POST", "/organization/locked/proxycache", { upstream_registry: "quay.io" })).body.detail).toBe(
      "Cannot convert organization to proxy cache: immutable tags exist",
    );
  });
});

describe("emulator: organization mirroring (docs/quay-behavior.md §20)", () => {
  const emulator = useEmulator();
  const api = emulator.api;
  const config = (org: string) => ({
    external_registry_type: "harbor",
    external_registry_url: "https://harbor.example.com",
    external_namespace: "library",
    robot_username: `${org}+puller`,
    visibility: "private",
    sync_interval: 3600,
    sync_start_date: "2026-01-01T00:00:00Z",
  });

  beforeAll(async () => {
    for (const org of ["mirrored", "busy"]) {
      await emulator.seed.organization(org);
      await emulator.seed.robot(org, "puller");
    }
    await emulator.seed.repository("busy", "app");
  });

  it("creates with 201 and an empty body, shows the view without the password, and refuses a second", async () => {
    const created = await api("POST", "/organization/mirrored/mirror", {
      ...config("mirrored"),
      external_registry_password: "pw",
      external_registry_username: "u",
    });
    // Flask-RESTful encodes the handler's "" as a JSON string (§20).
    expect(created).toMatchObject({ status: 201, body: "" });
    const view = (await api("GET", "/organization/mirrored/mirror")).body;
    expect(Object.keys(view)).toEqual([
      "is_enabled",
      "external_registry_type",
      "external_registry_url",
      "external_namespace",
      "external_registry_username",
      "has_external_registry_password",
      "external_registry_config",
      "repository_filters",
      "robot_username",
      "visibility",
      "sync_interval",
      "sync_start_date",
      "sync_expiration_date",
      "sync_status",
      "sync_retries_remaining",
      "repo_sync_status_counts",
      "skopeo_timeout",
      "creation_date",
    ]);
    expect(view).toMatchObject({ has_external_registry_password: true, sync_status: "NEVER_RUN" });
    expect((await api("POST", "/organization/mirrored/mirror", config("mirrored"))).body.detail).toBe(
      "Mirror configuration already exists for this organization",
    );
  });

  it("checks the robot, the date and the URL, and wants an empty organization", async () => {
    const refused = async (org: string, body: Record<string, unknown>) =>
      (await api("POST", `/organization/${org}/mirror`, { ...config(org), ...body })).body.detail;
    expect(await refused("busy", {})).toMatch(
      /^Cannot create organization mirror: the organization already contains repositories/,
    );
    expect(await refused("busy", { robot_username: "mirrored+puller" })).toBe(
      "Robot account must belong to the organization",
    );
    expect(await refused("busy", { sync_start_date: "2026-01-01" })).toBe(
      "Invalid sync_start_date format. Use ISO 8601: YYYY-MM-DDTHH:MM:SSZ",
    );
    expect(await refused("busy", { external_registry_url: "ftp://harbor.example.com" })).toBe(
      "Invalid URL scheme 'ftp': only HTTP and HTTPS are allowed",
    );
    expect(await refused("busy", { external_registry_url: "https://registry.localhost" })).toBe(
      "The provided registry URL is not allowed",
    );
  });

  it("goes with the robot it pulls with: deleting that robot deletes the mirror (verified on a running Quay)", async () => {
    await emulator.seed.organization("orphaned");
    await emulator.seed.robot("orphaned", "puller");
    expect((await api("POST", "/organization/orphaned/mirror", config("orphaned"))).status).toBe(201);
    expect((await api("DELETE", "/organization/orphaned/robots/puller")).status).toBe(204);
    expect((await api("GET", "/organization/orphaned/mirror")).status).toBe(404);
  });

  it("syncs on demand, cancels, and on delete keeps the organization's repositories", async () => {
    expect((await api("POST", "/organization/mirrored/mirror/sync-now")).status).toBe(204);
    expect((await api("GET", "/organization/mirrored/mirror")).body.sync_status).toBe("SYNC_NOW");
    expect((await api("POST", "/organization/mirrored/mirror/sync-cancel")).status).toBe(204);
    expect((await api("POST", "/organization/mirrored/mirror/sync-cancel")).body.detail).toBe(
      "Cannot cancel: mirror is already cancelled",
    );
    expect((await api("DELETE", "/organization/mirrored/mirror")).status).toBe(204);
    expect((await api("GET", "/organization/mirrored/mirror")).status).toBe(404);
  });
});

describe("emulator: global messages (docs/quay-behavior.md §22)", () => {
  const emulator = useEmulator();

  it("creates with 201 and an empty body, lists with no token, deletes with 204 even when missing", async () => {
    const created = await emulator.api("POST", "/messages", {
      message: { content: "Maintenance", media_type: "text/plain", severity: "warning" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toBeUndefined();
    const listed = (await fetch(`${emulator.current.url}/api/v1/messages`).then((reply) => reply.json())) as {
      messages: unknown[];
    };
    expect(listed.messages).toEqual([
      { uuid: expect.any(String), content: "Maintenance", severity: "warning", media_type: "text/plain" },
    ]);
    expect((await emulator.api("DELETE", "/message/00000000-0000-0000-0000-000000000000")).status).toBe(204);
  });
});
