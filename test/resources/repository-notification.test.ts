import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("RepositoryNotification", () => {
  const emulator = useEmulator();
  const kind = lifecycle("RepositoryNotification", emulator);
  const api = emulator.api;
  const webhook = {
    repository: "acme/team/app",
    event: "repo_push",
    method: "webhook",
    config: { url: "https://hooks.example.com/quay" },
    title: "pushes",
  };
  const listed = async () => (await api("GET", "/repository/acme/team/app/notification/")).body.notifications;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await emulator.seed.repository("acme", "team/app");
  });

  it("checks each method's config at preview, naming the field but pointing at none (the config is secret)", async () => {
    expect(await kind.failures({ ...webhook, event: "repo_exploded", method: "pager" })).toEqual({
      event: expect.stringMatching(/^must be one of repo_push, /),
      method: "must be one of webhook, slack, email, quay_notification, flowdock, hipchat",
    });
    expect(await kind.failures({ ...webhook, config: { url: "http://localhost/hook" } })).toEqual({
      "": "config.url must be an http(s) URL of a host other than localhost",
    });
    expect(await kind.failures({ ...webhook, method: "slack", config: {} })).toEqual({
      "": "config.url is required for slack (the incoming webhook URL)",
    });
    expect(
      await kind.failures({ ...webhook, method: "quay_notification", config: { target: { kind: "robot" } } }),
    ).toEqual({
      "": "config.target must be {kind: user|org|team, name}",
    });
  });

  it("creates (sending eventConfig, reading event_config), and converges", async () => {
    const inputs = { ...webhook, event: "vulnerability_found", eventConfig: { level: 3 } };
    const created = await kind.create(inputs);
    expect(created.id).toBe(`acme/team/app/${created.outs.notificationId}`);
    expect(
      (await listed()).find((entry: { uuid: string }) => entry.uuid === created.outs.notificationId),
    ).toMatchObject({
      event_config: { level: 3 },
      title: "pushes",
    });
    await kind.expectConverged(created, inputs);
  });

  it("replaces on any change: Quay has no update", async () => {
    const created = await kind.create(webhook);
    expect(await kind.diff(created, { ...webhook, title: "renamed" })).toEqual({
      changes: true,
      replaces: ["title"],
      deleteBeforeReplace: false,
    });
  });

  it("makes no duplicate when the answer to its create is lost (Quay accepts duplicates)", async () => {
    const inputs = { ...webhook, title: "once" };
    const count = (await listed()).length;
    emulator.current.server.setFaults({
      rules: [{ route: "createNotification", kinds: ["lost-response"], rate: 1, limit: 1 }],
    });
    const created = await kind.create(inputs);
    emulator.current.server.setFaults({});
    expect((await listed()).length).toBe(count + 1);
    await kind.expectConverged(created, inputs);
  });

  it("never takes an identical notification made by someone else for the one a lost answer made", async () => {
    const inputs = { ...webhook, title: "twice" };
    const theirs = await api("POST", "/repository/acme/team/app/notification/", {
      event: inputs.event,
      method: inputs.method,
      config: inputs.config,
      eventConfig: {},
      title: inputs.title,
    });
    emulator.current.server.setFaults({
      rules: [{ route: "createNotification", kinds: ["lost-response"], rate: 1, limit: 1 }],
    });
    const created = await kind.create(inputs);
    emulator.current.server.setFaults({});
    expect(created.outs.notificationId).not.toBe(theirs.body.uuid);
    // Theirs and the one the lost answer made, now recorded: no duplicate left behind untracked.
    const twins = (await listed()).filter((notification: { title: string }) => notification.title === "twice");
    expect(twins.map((notification: { uuid: string }) => notification.uuid).sort()).toEqual(
      [theirs.body.uuid, created.outs.notificationId].sort(),
    );
  });

  it("sees deletion out of band, and deletes idempotently", async () => {
    const created = await kind.create({ ...webhook, title: "doomed" });
    await api("DELETE", `/repository/acme/team/app/notification/${created.outs.notificationId}`);
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
  });
});
