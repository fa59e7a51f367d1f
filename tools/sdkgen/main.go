// sdkgen writes a language SDK for the quay package from schema.json, with the code generators of
// Pulumi's pkg/v3 module (the ones `pulumi package gen-sdk` uses), without a language host.
//
//	usage: sdkgen python SCHEMA OUT
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// offline refuses every other package: the quay schema refers to none.
type offline struct{}

func (offline) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("package %s is not available: the quay schema refers to no other package", name)
}

func (offline) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("package %s is not available: the quay schema refers to no other package", d.Name)
}

func (offline) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %s is not available: the quay schema refers to no other package", name)
}

func (offline) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %s is not available: the quay schema refers to no other package", d.Name)
}

func main() {
	if len(os.Args) != 4 || os.Args[1] != "python" {
		fail(fmt.Errorf("usage: sdkgen python SCHEMA OUT"))
	}
	text, err := os.ReadFile(os.Args[2])
	fail(err)
	var spec schema.PackageSpec
	fail(json.Unmarshal(text, &spec))
	pkg, diags, err := schema.BindSpec(spec, offline{}, schema.ValidationOptions{})
	fail(err)
	if diags.HasErrors() {
		fail(diags)
	}
	files, err := pygen.GeneratePackage("pulumi-quay", pkg, nil, offline{})
	fail(err)
	for name, content := range files {
		path := filepath.Join(os.Args[3], name)
		fail(os.MkdirAll(filepath.Dir(path), 0o755))
		fail(os.WriteFile(path, content, 0o644))
	}
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}
