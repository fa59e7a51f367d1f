import { beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { control, quayApi, useEmulator } from "../helpers/emulator";

const config = {
  external_reference: "docker.io/library/nginx",
  sync_interval: 86_400,
  sync_start_date: "2026-01-02T06:30:00Z",
  root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest", "1.*"] },
  robot_username: "mirrors+puller",
  skopeo_timeout_interval: 300,
  external_registry_username: "reader",
  external_registry_password: "s3cret",
};

describe("emulator: mirrors (docs/quay-behavior.md §9)", () => {
  const emulator = useEmulator();
  const api = emulator.api;
  const mirror = "/repository/mirrors/copy/mirror";

  beforeAll(async () => {
    await emulator.seed.organization("mirrors");
    await emulator.seed.repository("mirrors", "copy");
    await api("PUT", "/organization/mirrors/robots/puller");
    await api("PUT", "/repository/mirrors/copy/permissions/user/mirrors+puller", { role: "read" });
  });

  it("creates with 201 and an empty body, sets state MIRROR and raises the robot to write (§0.7)", async () => {
    expect(await api("POST", mirror, config)).toMatchObject({ status: 201, body: "" });
    expect((await api("GET", "/repository/mirrors/copy")).body.state).toBe("MIRROR");
    expect((await api("GET", "/repository/mirrors/copy/permissions/user/mirrors+puller")).body.role).toBe("write");
  });

  it("never returns the password; returns the username and the config as stored (§0.8)", async () => {
    const view = (await api("GET", mirror)).body;
    expect(view).toMatchObject({
      is_enabled: true,
      external_registry_username: "reader",
      external_registry_config: {},
      sync_status: "NEVER_RUN",
      root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest", "1.*"] },
      skopeo_timeout_interval: 300,
    });
    expect(JSON.stringify(view)).not.toContain("s3cret");
  });

  it("answers a second create with 409 {detail}, misspelled as in Quay", async () => {
    expect(await api("POST", mirror, config)).toMatchObject({
      status: 409,
      body: { detail: "Mirror configuration already exits for repository mirrors/copy" },
    });
  });

  it("updates partially with 201 '' and checks credentials and dates", async () => {
    expect(await api("PUT", mirror, { is_enabled: false, sync_interval: 3600 })).toMatchObject({
      status: 201,
      body: "",
    });
    expect((await api("PUT", mirror, { external_registry_password: "x" })).body).toEqual({
      detail: "Unable to set a new password without also specifying a username.",
    });
    expect((await api("PUT", mirror, { sync_start_date: "2026-01-02 06:30" })).body).toEqual({
      detail: "Incorrect DateTime format for sync_start_date.",
    });
    expect((await api("GET", mirror)).body).toMatchObject({ is_enabled: false, sync_interval: 3600 });
  });

  it("merges external_registry_config and drops the first proxy key when none was stored (§9)", async () => {
    await api("PUT", mirror, {
      external_registry_config: { verify_tls: false, proxy: { http_proxy: "a", https_proxy: "b" } },
    });
    expect((await api("GET", mirror)).body.external_registry_config).toEqual({
      verify_tls: false,
      proxy: { https_proxy: "b" },
    });
  });

  it("queues and cancels syncs", async () => {
    expect((await api("POST", `${mirror}/sync-cancel`)).status).toBe(404);
    expect((await api("POST", `${mirror}/sync-now`)).status).toBe(204);
    expect((await api("GET", mirror)).body.sync_status).toBe("SYNC_NOW");
    expect((await api("POST", `${mirror}/sync-cancel`)).status).toBe(204);
  });

  it("has no DELETE: the path falls to the repository route as a nested name, and the mirror stays", async () => {
    // Werkzeug tries the repository rule too: "mirrors/copy/mirror" is a (missing) nested repository (§1.9).
    expect((await api("DELETE", mirror)).status).toBe(204);
    expect((await api("GET", mirror)).body.external_reference).toBe(config.external_reference);
    expect((await api("DELETE", "/organization/mirrors/robots/puller")).body.detail).toBe(
      "Robot is being used by a mirror",
    );
  });

  it("vanishes with the feature flag off", async () => {
    await control(emulator.current, "PUT", "/features", { repoMirror: false });
    const reply = await api("GET", mirror);
    expect(reply.status).toBe(404);
    expect(reply.body.external_reference).toBeUndefined();
    expect((await api("POST", "/repository/mirrors/copy/mirror/sync-now")).status).toBe(405);
    await control(emulator.current, "PUT", "/features", { repoMirror: true });
  });

  it("follows the target version: skopeo_timeout_interval required from 3.15, ignored before", async () => {
    const old = await startEmulator({ version: "3.14" });
    const recent = await startEmulator({ version: "3.16" });
    try {
      for (const quay of [old, recent]) {
        await quayApi(quay, "POST", "/organization/", { name: "mirrors" });
        await quayApi(quay, "POST", "/repository", {
          namespace: "mirrors",
          repository: "copy",
          visibility: "private",
          description: "",
        });
        await quayApi(quay, "PUT", "/organization/mirrors/robots/puller");
      }
      expect((await quayApi(old, "POST", mirror, config)).status).toBe(201);
      expect((await quayApi(old, "GET", mirror)).body).not.toHaveProperty("skopeo_timeout_interval");
      const { skopeo_timeout_interval: _dropped, ...withoutTimeout } = config;
      expect((await quayApi(recent, "POST", mirror, withoutTimeout)).body.detail).toMatch(
        /^'skopeo_timeout_interval' is a required property/,
      );
      // 3.16 (like every release before 3.17.4) raises an uncaught error for a bad start date on create.
      expect((await quayApi(recent, "POST", mirror, { ...config, sync_start_date: "tomorrow" })).status).toBe(500);
    } finally {
      await old.stop();
      await recent.stop();
    }
  });
});
