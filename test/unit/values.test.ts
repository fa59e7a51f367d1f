import { describe, expect, it } from "vitest";
import { kinds } from "../../provider/catalog";
import { changedInputs, isUnknown, sameValue, unknownValue, withoutUndefined } from "../../provider/operations/values";
import { idFormat } from "../../provider/resources/_shared/id-format";
import { orderKinds, referencedKinds } from "../../provider/resources/_shared/references";
import { repository } from "../../provider/resources/repository";
import { team } from "../../provider/resources/team";

describe("sameValue", () => {
  it("takes undefined, null and a missing key for the same", () => {
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameValue({ a: 1, b: null }, { a: 1 })).toBe(true);
    expect(sameValue(null, 0)).toBe(false);
    expect(sameValue(undefined, "")).toBe(false);
  });

  it("compares arrays in order and objects by key, at any depth", () => {
    expect(sameValue(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameValue(["a", "b"], ["b", "a"])).toBe(false);
    expect(sameValue(["a"], ["a", undefined])).toBe(false);
    expect(sameValue({ x: { y: [1, { z: true }] } }, { x: { y: [1, { z: true }] } })).toBe(true);
    expect(sameValue({ x: { y: [1, { z: true }] } }, { x: { y: [1, { z: false }] } })).toBe(false);
    expect(sameValue({}, [])).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue("1", 1)).toBe(false);
  });
});

describe("changedInputs", () => {
  const olds = { organization: "acme", name: "devs", role: "member", description: "", members: ["alice"] };

  it("names the inputs whose declared value differs", () => {
    expect(changedInputs(team, olds, { ...olds, description: "Developers" })).toEqual(["description"]);
    expect(changedInputs(team, olds, { ...olds })).toEqual([]);
  });

  it("takes an optional input left unset for unmanaged, not for a change", () => {
    const { members: _members, ...withoutMembers } = olds;
    expect(changedInputs(team, olds, withoutMembers)).toEqual([]);
  });

  it("takes an identity input going unset for a change", () => {
    const { organization: _organization, ...withoutOrganization } = olds;
    expect(changedInputs(team, olds, withoutOrganization)).toEqual(["organization"]);
  });

  it("takes a value unknown at preview for a change, and never judges the connection", () => {
    expect(changedInputs(team, olds, { ...olds, members: [unknownValue] })).toEqual(["members"]);
    expect(changedInputs(team, { ...olds, connection: "a" }, { ...olds, connection: "b" })).toEqual([]);
  });
});

describe("isUnknown and withoutUndefined", () => {
  it("find an unknown at any depth, and drop undefined members at any depth", () => {
    expect(isUnknown({ a: [1, { b: unknownValue }] })).toBe(true);
    expect(isUnknown({ a: [1, { b: "known" }] })).toBe(false);
    expect(withoutUndefined({ a: undefined, b: [{ c: undefined, d: 1 }] })).toEqual({ b: [{ d: 1 }] });
  });
});

describe("idFormat", () => {
  const format = idFormat("Example", "{namespace}/{name}:{tag}", {
    namespace: /[a-z]+/,
    name: /[a-z]+(?:\/[a-z]+)*/,
    tag: /[\w.]+/,
  });

  it("states the format, builds ids and parses them back", () => {
    expect(format.format).toBe("<namespace>/<name>:<tag>");
    const id = format.build({ namespace: "acme", name: "team/app", tag: "v1.2" });
    expect(id).toBe("acme/team/app:v1.2");
    expect(format.parse(id)).toEqual({ namespace: "acme", name: "team/app", tag: "v1.2" });
  });

  it("refuses an id that does not fit, with a code and the expected format", () => {
    expect(() => format.parse("acme")).toThrow('Example id "acme" is not valid: expected <namespace>/<name>:<tag>');
    try {
      format.parse("ACME/app:v1");
    } catch (error) {
      expect((error as { code?: string }).code).toBe("QUAY_INVALID_INPUT");
    }
    expect.assertions(2);
  });

  it("treats the template's other characters literally", () => {
    const dotted = idFormat("Dotted", "{a}.{b}", { a: /\w+/, b: /\w+/ });
    expect(() => dotted.parse("aXb")).toThrow("not valid");
    expect(dotted.parse("a.b")).toEqual({ a: "a", b: "b" });
  });

  it("fails at declaration on a placeholder without a pattern", () => {
    expect(() => idFormat("Broken", "{a}/{b}", { a: /\w+/ } as never)).toThrow("has no pattern for {b}");
  });
});

describe("orderKinds", () => {
  it("puts every kind after the kinds it references, whatever the order it is given", () => {
    const all = [...kinds];
    for (const given of [all, [...all].reverse()]) {
      const ordered = orderKinds(given).map((definition) => definition.kind);
      for (const definition of all) {
        for (const referenced of referencedKinds(definition)) {
          if (referenced === definition.kind || !ordered.includes(referenced)) continue;
          expect(ordered.indexOf(referenced), `${referenced} before ${definition.kind}`).toBeLessThan(
            ordered.indexOf(definition.kind),
          );
        }
      }
      expect(ordered).toEqual(orderKinds(all).map((definition) => definition.kind));
    }
  });

  it("orders kinds of the same depth by name", () => {
    const ordered = orderKinds([repository, team]).map((definition) => definition.kind);
    expect(ordered).toEqual(["Repository", "Team"]);
  });
});
