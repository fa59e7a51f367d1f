import { beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { mirrorOf } from "../../emulator/handlers/mirrors";
import * as runtime from "../../provider/runtime";
import { configFor, quayApi, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("RepositoryMirror", () => {
  const emulator = useEmulator();
  const kind = lifecycle("RepositoryMirror", emulator);
  const api = emulator.api;
  const inputs = {
    repository: "acme/nginx",
    externalReference: "docker.io/library/nginx",
    robot: "acme+puller",
    tagPatterns: ["latest", "1.*"],
    syncIntervalSeconds: 3600,
    syncStartDate: "2026-01-02T06:30:00.000Z",
    username: "reader",
    password: "first-secret",
  };
  const mirror = () => {
    const state = emulator.current.server.state;
    return mirrorOf(state, state.repositories.get("acme/nginx")!).config;
  };
  /** The tag patterns Quay shows for the mirror: its configuration's rule row. */
  const rules = () => {
    const state = emulator.current.server.state;
    const mirroring = mirrorOf(state, state.repositories.get("acme/nginx")!);
    return mirroring.rules[mirroring.config!.rule];
  };

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await emulator.seed.repository("acme", "nginx");
    await api("PUT", "/organization/acme/robots/puller");
    await api("PUT", "/organization/acme/robots/other");
  });

  it("rejects bad input at check", async () => {
    expect(
      await kind.failures({
        ...inputs,
        externalReference: "https://docker.io/library/nginx",
        tagPatterns: [],
        syncStartDate: "soon",
      }),
    ).toEqual({
      externalReference: expect.stringMatching(/^must be <registry host>\[:port\]\/<path> with no scheme/),
      tagPatterns: "must list at least one tag pattern",
      syncStartDate: "must be an ISO 8601 date such as 2026-01-01T00:00:00Z",
    });
    expect(await kind.failures({ ...inputs, username: undefined })).toEqual({
      // The engine prints a failing property's value: a secret's failure points at no property.
      "": "password needs username: Quay keeps a password only with a user name",
    });
    expect(await kind.failures({ ...inputs, robot: "puller", skopeoTimeoutSeconds: 30 })).toEqual({
      robot: "must be a robot's full name such as acme+puller",
      skopeoTimeoutSeconds: "must be at least 300",
    });
  });

  it("creates with Quay's date format, sets MIRROR, and converges without ever reading the password", async () => {
    const created = await kind.create(inputs);
    expect(mirror()).toMatchObject({
      syncStartDate: "2026-01-02T06:30:00Z",
      password: "first-secret",
      robot: "acme+puller",
    });
    expect((await api("GET", "/repository/acme/nginx")).body.state).toBe("MIRROR");
    const read = await kind.expectConverged(created, inputs);
    expect(read.props?.password).toBe("first-secret");
  });

  it("sends the password only when it changes, and always with the user name", async () => {
    const state = { id: "acme/nginx", outs: (await kind.read({ id: "acme/nginx", outs: { ...inputs } })).props! };
    mirror()!.password = "changed-in-the-ui";
    await kind.update(state, { ...inputs, syncIntervalSeconds: 7200 });
    expect(mirror()).toMatchObject({ syncInterval: 7200, password: "changed-in-the-ui" });
    await kind.update(state, { ...inputs, password: "second-secret" });
    expect(mirror()).toMatchObject({ username: "reader", password: "second-secret" });
  });

  it("updates robot, tags, TLS and proxy in place, and triggers a sync on demand", async () => {
    const state = { id: "acme/nginx", outs: { ...inputs } };
    const news = {
      ...inputs,
      robot: "acme+other",
      tagPatterns: ["2.*"],
      verifyTls: false,
      httpsProxy: "http://proxy:3128",
      syncTrigger: "1",
    };
    expect(await kind.diff(state, news)).toMatchObject({ changes: true, replaces: [] });
    await kind.update(state, news);
    expect(rules()).toEqual(["2.*"]);
    expect(mirror()).toMatchObject({
      robot: "acme+other",
      syncStatus: "SYNC_NOW",
      config: { verify_tls: false, proxy: { https_proxy: "http://proxy:3128", http_proxy: null, no_proxy: null } },
    });
    expect((await api("GET", "/repository/acme/nginx/permissions/user/acme+other")).body.role).toBe("write");
  });

  it("converges an existing configuration instead of failing on Quay's 409", async () => {
    const created = await kind.create({ ...inputs, tagPatterns: ["3.*"] });
    expect(created.id).toBe("acme/nginx");
    expect(rules()).toEqual(["3.*"]);
  });

  it("deletes by disabling and returning the repository to NORMAL, idempotently", async () => {
    await kind.delete({ id: "acme/nginx", outs: inputs });
    expect(mirror()?.isEnabled).toBe(false);
    expect((await api("GET", "/repository/acme/nginx")).body.state).toBe("NORMAL");
    await api("DELETE", "/repository/acme/nginx");
    expect(await kind.read({ id: "acme/nginx", outs: inputs })).toEqual({});
    await kind.delete({ id: "acme/nginx", outs: inputs });
  });

  it("on Quay before 3.15, which ignores a sync time limit, keeps a declared one without an endless diff", async () => {
    const old = await startEmulator({ version: "3.14" });
    try {
      const config = configFor(old);
      await quayApi(old, "POST", "/organization/", { name: "acme" });
      await quayApi(old, "POST", "/repository", {
        namespace: "acme",
        repository: "nginx",
        visibility: "private",
        description: "",
      });
      await quayApi(old, "PUT", "/organization/acme/robots/puller");
      const declared = { ...inputs, skopeoTimeoutSeconds: 600 };
      const checked = (await runtime.check("RepositoryMirror", {}, declared)).inputs;
      const created = await runtime.create("RepositoryMirror", config, checked);
      expect((await quayApi(old, "GET", "/repository/acme/nginx/mirror")).body).not.toHaveProperty(
        "skopeo_timeout_interval",
      );
      const read = await runtime.read("RepositoryMirror", config, created.id, created.outs);
      expect(read.props?.skopeoTimeoutSeconds).toBe(600);
      expect((await runtime.diff("RepositoryMirror", created.id, read.props!, checked)).changes).toBe(false);
    } finally {
      await old.stop();
    }
  });
});
