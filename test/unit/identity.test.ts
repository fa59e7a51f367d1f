import { describe, expect, it } from "vitest";
import { quayUrlOf } from "../../provider/operations/context";
import { declaredIdentity } from "../../provider/operations/identity";
import { unknownValue } from "../../provider/operations/values";
import { connectionQuay } from "../../sdk/claims";

const config = { get: (key: string) => (key === "quay:url" ? "https://quay.example.com/" : undefined) };

describe("the identity of a declaration", () => {
  it("is the kind, the Quay and the natural key", () => {
    const identity = declaredIdentity("Repository", { namespace: "acme", name: "api" }, config);
    expect(identity).toEqual({
      key: JSON.stringify(["Repository", "https://quay.example.com", "acme", "api"]),
      description: 'Repository "acme/api" in https://quay.example.com',
    });
  });

  it("is that of its root object for a composite, so a Tenant and an Organization of one name collide", () => {
    const tenant = declaredIdentity("Tenant", { name: "acme" }, config);
    expect(tenant?.key).toBe(declaredIdentity("Organization", { name: "acme" }, config)?.key);
    expect(tenant?.description).toBe('Organization "acme" in https://quay.example.com');
  });

  it("cannot be told while a part is unknown, or a required part missing (a resource a targeted run leaves out)", () => {
    expect(declaredIdentity("Repository", { namespace: unknownValue, name: "api" }, config)).toBeUndefined();
    expect(declaredIdentity("RepositoryPermission", { role: "read" }, config)).toBeUndefined();
    expect(declaredIdentity("Team", { organization: null, name: "devs" }, config)).toBeUndefined();
  });

  it("counts an optional part left unset as a value: a robot of the token's user", () => {
    expect(declaredIdentity("Robot", { name: "ci" }, config)?.key).toBe(
      JSON.stringify(["Robot", "https://quay.example.com", null, "ci"]),
    );
  });
});

describe("the Quay a connection names, as the program's duplicate check sees it", () => {
  it("follows the runtime's rule for the Quay an object records", () => {
    for (const url of ["https://quay.example.com", "https://quay.example.com/", "http://q:8080/prefix/api/v1/"]) {
      expect(connectionQuay("quay", url)).toBe(quayUrlOf(url));
    }
    expect(connectionQuay("eu", undefined)).toBe('the Quay of the "eu" connection');
  });
});
