package main

// Policy packs: `pulumi preview --policy-pack DIR` asks the language host to run DIR as an analyzer plugin
// (RunPlugin with kind "analyzer"), which the old Node host does not do. This starts the pack as the
// CLI's own Node host would: Node runs @pulumi/pulumi's policy-pack runner from the pack's directory, behind
// the SDK's policy proxy, which hands the pack the stack's configuration before the engine talks to it.

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"encoding/json"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// runPlugin is the method whose analyzer calls are answered here.
const runPlugin = "/pulumirpc.LanguageRuntime/RunPlugin"

// pluginOutput writes a plugin's output to the engine as RunPlugin responses, one message per write.
type pluginOutput struct {
	stream grpc.ServerStream
	lock   *sync.Mutex
	stderr bool
}

func (output pluginOutput) Write(data []byte) (int, error) {
	chunk := append([]byte(nil), data...)
	response := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: chunk}}
	if output.stderr {
		response = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: chunk}}
	}
	if err := output.send(response); err != nil {
		return 0, err
	}
	return len(data), nil
}

func (output pluginOutput) send(response *pulumirpc.RunPluginResponse) error {
	message, err := proto.Marshal(response)
	if err != nil {
		return err
	}
	output.lock.Lock()
	defer output.lock.Unlock()
	return output.stream.SendMsg(&message)
}

// answerRunPlugin runs a policy pack itself and passes any other plugin to the real host.
func answerRunPlugin(stream grpc.ServerStream, upstream *grpc.ClientConn) error {
	var raw []byte
	if err := stream.RecvMsg(&raw); err != nil {
		return err
	}
	var request pulumirpc.RunPluginRequest
	if err := proto.Unmarshal(raw, &request); err != nil {
		return err
	}
	if request.Kind != "analyzer" {
		return relayFirst(stream, upstream, runPlugin, raw)
	}
	lock := &sync.Mutex{}
	stdout := pluginOutput{stream: stream, lock: lock}
	stderr := pluginOutput{stream: stream, lock: lock, stderr: true}
	if err := runPolicyPack(stream.Context(), &request, stdout, stderr); err != nil {
		return err
	}
	return stdout.send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: 0}})
}

// runPolicyPack starts the pack in the request's program directory and proxies the engine's calls to it.
func runPolicyPack(ctx context.Context, request *pulumirpc.RunPluginRequest, stdout, stderr pluginOutput) error {
	directory := request.GetInfo().GetProgramDirectory()
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	// The runner of the @pulumi/pulumi the pack's directory resolves, as Node resolves it.
	locate := exec.CommandContext(ctx, node, "--print", `require.resolve("@pulumi/pulumi/cmd/run-policy-pack")`)
	locate.Dir = directory
	located, err := locate.Output()
	if err != nil {
		return fmt.Errorf("it looks like the policy pack's dependencies are not installed; "+
			"try running npm install in %q (%w)", directory, err)
	}
	proxy, proxied, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	env := append([]string(nil), request.Env...)
	config, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration: %w", err)
	}
	if config != nil {
		add := func(key, value string) {
			if value != "" {
				env = append(env, key+"="+value)
			}
		}
		add("PULUMI_NODEJS_ORGANIZATION", config.Organization)
		add("PULUMI_NODEJS_PROJECT", config.Project)
		add("PULUMI_NODEJS_STACK", config.Stack)
		add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.DryRun))
		if config.Config != nil {
			encoded, err := json.Marshal(config.Config)
			if err != nil {
				return err
			}
			add("PULUMI_CONFIG", string(encoded))
		}
	}
	args := append([]string{strings.TrimSpace(string(located))}, request.Args...)
	pack := exec.CommandContext(ctx, node, append(args, directory)...)
	pack.Dir = directory
	pack.Env = env
	pack.Stdout, pack.Stderr = proxied, stderr
	if err := pack.Start(); err != nil {
		proxy.Abort(err)
		return err
	}
	if err := proxy.Attach(ctx, pack); err != nil {
		return fmt.Errorf("the policy pack stopped: %w", err)
	}
	return nil
}
