import { describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("User", () => {
  const emulator = useEmulator();
  const kind = lifecycle("User", emulator);
  const view = async (name: string) => (await emulator.api("GET", `/superuser/users/${name}`)).body;

  it("rejects bad input at check, never showing the password", async () => {
    expect(await kind.failures({ username: "Alice", email: "alice", password: "short pw" })).toEqual({
      username: expect.stringMatching(/^must be lowercase letters and digits/),
      email: "must be an e-mail address such as alice@example.com",
      "": "password must be at least 8 characters with no whitespace",
    });
  });

  it("creates a user with a password and e-mail, and converges without reading the password back", async () => {
    const inputs = { username: "alice", email: "alice@example.com", password: "correct-horse" };
    const created = await kind.create(inputs);
    expect(created.outs.generatedPassword).toBe("");
    expect(await view("alice")).toMatchObject({ username: "alice", email: "alice@example.com", enabled: true });
    const read = await kind.expectConverged(created, inputs);
    expect(read.props?.password).toBe("correct-horse");
  });

  it("hands over Quay's generated password when none is given, and creates disabled users", async () => {
    const created = await kind.create({ username: "bob", enabled: false });
    expect(created.outs.generatedPassword).toMatch(/^[A-Z0-9_-]{32}$/);
    expect((await view("bob")).enabled).toBe(false);
    await kind.expectConverged(created, { username: "bob", enabled: false });
  });

  it("updates e-mail, enabled and password in place, and sees a disablement by hand", async () => {
    const inputs = { username: "carol", email: "carol@example.com" };
    const created = await kind.create(inputs);
    const news = { username: "carol", email: "carol@corp.example.com", enabled: false, password: "new-password" };
    expect((await kind.diff(created, news)).replaces).toEqual([]);
    const updated = await kind.update(created, news);
    expect(await view("carol")).toMatchObject({ email: "carol@corp.example.com", enabled: false });
    await kind.expectConverged(updated, news);
    await emulator.api("PUT", "/superuser/users/carol", { enabled: true });
    expect((await kind.read(updated)).props?.enabled).toBe(true);
  });

  it("reports that Quay will not change a superuser, and deletes idempotently", async () => {
    await expect(
      runtime.update(
        "User",
        configFor(emulator.current),
        "admin",
        { username: "admin" },
        { username: "admin", enabled: false },
      ),
    ).rejects.toThrow(/Cannot update a superuser/);
    const created = await kind.create({ username: "dave" });
    await kind.delete(created);
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
  });
});

describe("User on a Quay with LDAP authentication", () => {
  const emulator = useEmulator({ authentication: "LDAP" });

  it("says that Quay creates no users there", async () => {
    await expect(
      runtime.create("User", configFor(emulator.current), { username: "erin", enabled: true }),
    ).rejects.toThrow(/Cannot create a user in a non-database auth system/);
  });
});

describe("User deletes on a Quay whose superusers see every repository", () => {
  const emulator = useEmulator({ features: { superusersFullAccess: true } });
  const kind = lifecycle("User", emulator);
  const view = async (name: string) => (await emulator.api("GET", `/superuser/users/${name}`)).body;

  it("refuses to delete a user whose namespace holds repositories, unless forceDelete is set", async () => {
    const created = await kind.create({ username: "erin" });
    emulator.current.server.state.createRepository("erin", "private-work", {
      description: "",
      isPublic: false,
      creator: "erin",
    });
    await expect(kind.delete(created)).rejects.toThrow(
      /it still holds repository erin\/private-work, which deleting it would delete too; nothing was deleted/,
    );
    expect(await view("erin")).toMatchObject({ username: "erin" });
    await kind.delete({ ...created, outs: { ...created.outs, forceDelete: true } });
    expect((await emulator.api("GET", "/repository/erin/private-work")).status).toBe(404);
  });
});
