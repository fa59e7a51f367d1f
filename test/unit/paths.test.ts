import { describe, expect, it } from "vitest";
import { expandPath, withQuery } from "../../provider/quay/paths";

describe("expandPath", () => {
  it("encodes each parameter as one segment", () => {
    expect(expandPath("/organization/{orgname}/robots/{robot}", { orgname: "acme", robot: "a b+c" })).toBe(
      "/organization/acme/robots/a%20b%2Bc",
    );
  });

  it("keeps the slashes of nested repository names", () => {
    expect(expandPath("/repository/{repository}", { repository: "acme/team/app" })).toBe("/repository/acme/team/app");
  });

  it("rejects missing, empty and dot-only parameters and one-segment repositories", () => {
    expect(() => expandPath("/organization/{orgname}", {})).toThrow(/"orgname" is missing/);
    expect(() => expandPath("/organization/{orgname}", { orgname: ".." })).toThrow(/not allowed/);
    expect(() => expandPath("/repository/{repository}", { repository: "acme/../x" })).toThrow(/not allowed/);
    expect(() => expandPath("/repository/{repository}", { repository: "acme" })).toThrow(/namespace\/name/);
  });

  it("appends defined query values", () => {
    expect(withQuery("/repository", { namespace: "acme", next_page: undefined, public: false })).toBe(
      "/repository?namespace=acme&public=false",
    );
  });
});
