import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";

describe("emulator: notifications (docs/quay-behavior.md §8)", () => {
  const emulator = useEmulator();
  const api = emulator.api;
  const base = "/repository/notes/app/notification/";
  const webhook = {
    event: "repo_push",
    method: "webhook",
    config: { url: "https://hooks.example.com/x" },
    eventConfig: {},
  };

  beforeAll(async () => {
    await emulator.seed.organization("notes");
    await emulator.seed.repository("notes", "app");
    await emulator.seed.repository("notes", "other");
  });

  it("takes eventConfig and answers event_config (§0.4), with 201", async () => {
    const created = await api("POST", base, {
      ...webhook,
      event: "vulnerability_found",
      eventConfig: { level: "3" },
      title: "vulns",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "vulns", event_config: { level: "3" }, number_of_failures: 0 });
    expect(created.body.eventConfig).toBeUndefined();
    expect((await api("GET", `${base}${created.body.uuid}`)).body.event_config).toEqual({ level: "3" });
  });

  it("validates each method's config with ApiError messages", async () => {
    const cases: [unknown, string][] = [
      [{ ...webhook, config: {} }, "Missing webhook URL"],
      [{ ...webhook, config: { url: "http://localhost/x" } }, "Invalid webhook URL"],
      [{ ...webhook, method: "slack", config: {} }, "Missing Slack Callback URL"],
      [
        { ...webhook, method: "email", config: { email: "a@example.com" } },
        "The specified e-mail address is not authorized to receive notifications for this repository",
      ],
      [
        { ...webhook, method: "quay_notification", config: { target: { kind: "user", name: "ghost" } } },
        "Unknown user ghost",
      ],
      [{ ...webhook, method: "flowdock", config: {} }, "Missing Flowdock API Token"],
    ];
    for (const [body, message] of cases) {
      expect((await api("POST", base, body)).body).toMatchObject({ status: 400, detail: message });
    }
  });

  it("fails with a non-JSON 500 for an unknown method or event, as Quay does", async () => {
    const method = await api("POST", base, { ...webhook, method: "pager" });
    expect(method.status).toBe(500);
    expect(typeof method.body).toBe("string");
    expect((await api("POST", base, { ...webhook, event: "repo_exploded" })).status).toBe(500);
  });

  it("answers deleting a missing or foreign notification with 400 ApiError (§0.2)", async () => {
    const created = await api("POST", "/repository/notes/other/notification/", webhook);
    const reply = await api("DELETE", `${base}${created.body.uuid}`);
    expect(reply).toMatchObject({
      status: 400,
      body: { detail: `No repository notification found for: notes, app, ${created.body.uuid}` },
    });
    // GET looks the uuid up globally, whichever repository the path names (§8).
    expect((await api("GET", `${base}${created.body.uuid}`)).status).toBe(200);
    expect((await api("POST", `${base}${created.body.uuid}`)).body).toEqual({
      message: `No repository notification found with uuid: ${created.body.uuid}`,
    });
  });

  it("tests with 200 {} and resets with 204", async () => {
    const created = await api("POST", base, webhook);
    expect(await api("POST", `${base}${created.body.uuid}/test`)).toMatchObject({ status: 200, body: {} });
    expect((await api("POST", `${base}${created.body.uuid}`)).status).toBe(204);
    expect((await api("DELETE", `${base}${created.body.uuid}`)).status).toBe(204);
  });
});
