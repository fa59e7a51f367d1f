/**
 * A client that lists, moves and deletes tags (docs/quay-behavior.md §15, §V.19): tags pushed through the
 * emulator's control API and tags changed through Quay's routes are the same tags.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";

describe("the tags of a repository", () => {
  const quay = useEmulator();
  const tags = (query = "") => quay.api("GET", `/repository/tags/app/tag/${query}`);
  const names = (reply: { body: { tags: { name: string }[] } }) => reply.body.tags.map((tag) => tag.name);

  beforeAll(async () => {
    await quay.seed.organization("tags");
    await quay.seed.repository("tags", "app");
    for (const tag of ["v1", "v2", "latest"]) await quay.seed.tag("tags/app", tag);
  });

  it("lists the pushed tags, newest first, a page at a time", async () => {
    const all = await tags("?onlyActiveTags=true");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, has_additional: false });
    expect(new Set(names(all))).toEqual(new Set(["v1", "v2", "latest"]));
    expect(all.body.tags[0]).toMatchObject({
      reversion: false,
      immutable: false,
      manifest_digest: `sha256:${"0".repeat(64)}`,
      is_manifest_list: false,
      size: 0,
    });
    expect(all.body.tags[0].last_modified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} -0000$/);
    const first = await tags("?limit=2&page=1");
    const second = await tags("?limit=2&page=2");
    expect([first.body.tags.length, first.body.has_additional]).toEqual([2, true]);
    expect([second.body.tags.length, second.body.has_additional, second.body.page]).toEqual([1, false, 2]);
    expect(names(await tags("?specificTag=v2"))).toEqual(["v2"]);
    expect(names(await tags("?filter_tag_name=like:v"))).toEqual(expect.arrayContaining(["v1", "v2"]));
  });

  it("deletes a tag for real: it leaves the live tags and the repository's view, and stays in the history", async () => {
    expect((await quay.api("DELETE", "/repository/tags/app/tag/v1")).status).toBe(204);
    expect(names(await tags("?onlyActiveTags=true"))).not.toContain("v1");
    const history = (await tags()).body.tags.find((tag: { name: string }) => tag.name === "v1");
    expect(history).toMatchObject({ name: "v1" });
    expect(history.end_ts).toBeGreaterThanOrEqual(history.start_ts);
    expect(Object.keys((await quay.api("GET", "/repository/tags/app")).body.tags)).not.toContain("v1");
    expect((await quay.api("DELETE", "/repository/tags/app/tag/v1")).status).toBe(404);
    // Pushed again, it is live again.
    await quay.seed.tag("tags/app", "v1");
    expect(names(await tags("?onlyActiveTags=true"))).toContain("v1");
  });

  it("moves a tag to a manifest the repository has, and refuses one it does not have", async () => {
    const digest = `sha256:${"0".repeat(64)}`;
    expect(await quay.api("PUT", "/repository/tags/app/tag/stable", { manifest_digest: digest })).toMatchObject({
      status: 201,
      body: "Updated",
    });
    expect(names(await tags("?onlyActiveTags=true"))).toContain("stable");
    const missing = await quay.api("PUT", "/repository/tags/app/tag/stable", {
      manifest_digest: `sha256:${"1".repeat(64)}`,
    });
    expect(missing.status).toBe(404);
    expect((await quay.api("PUT", "/repository/tags/app/tag/.bad", {})).body.message).toMatch(
      /^Invalid tag: must match/,
    );
  });

  it("refuses to delete or move an immutable tag, and any change in a read-only repository", async () => {
    expect((await quay.api("PUT", "/repository/tags/app/tag/v2", { immutable: true })).status).toBe(201);
    const refused = await quay.api("DELETE", "/repository/tags/app/tag/v2");
    expect(refused).toMatchObject({
      status: 409,
      body: { error_type: "tag_immutable", detail: "Cannot delete immutable tag 'v2'" },
    });
    expect((await tags("?specificTag=v2")).body.tags[0].immutable).toBe(true);
    await quay.api("PUT", "/repository/tags/app/changestate", { state: "READ_ONLY" });
    const readOnly = await quay.api("DELETE", "/repository/tags/app/tag/latest");
    expect(readOnly).toMatchObject({ status: 503, body: { message: "Repository is in read only or mirror mode: 1" } });
    await quay.api("PUT", "/repository/tags/app/changestate", { state: "NORMAL" });
  });

  it("answers 404 for a repository that does not exist, and Flask-RESTful's 400 for a bad limit", async () => {
    expect((await quay.api("GET", "/repository/tags/missing/tag/")).status).toBe(404);
    expect((await tags("?limit=abc")).body).toEqual({
      message: { limit: "Limit to the number of results to return per page. Max 100." },
    });
  });
});
