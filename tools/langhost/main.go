// langhost is a Pulumi language host in front of another: it starts the real host (built from an older
// SDK, the newest one the module proxy serves) with the arguments the engine gave, and passes every call
// through unchanged, but for two the old hosts do not implement: GenerateProgram, which it answers with the
// program generators of the CLI's own pkg/v3 (what `pulumi import --out` and `pulumi convert` call), and
// RunPlugin for a policy pack (`--policy-pack`), which it runs itself (analyzer.go).
//
//	usage: langhost nodejs|python REAL-HOST [ARGS...]
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/protobuf/proto"
)

// generateProgram is the one method answered here rather than by the real host.
const generateProgram = "/pulumirpc.LanguageRuntime/GenerateProgram"

// generators turns a bound PCL program into source files, by language.
var generators = map[string]func(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error){
	"nodejs": nodejs.GenerateProgram,
	"python": python.GenerateProgram,
}

// frames passes messages through as the bytes they are on the wire.
type frames struct{}

func (frames) Name() string { return "proto" }

func (frames) Marshal(v any) ([]byte, error) {
	if bytes, ok := v.(*[]byte); ok {
		return *bytes, nil
	}
	return proto.Marshal(v.(proto.Message))
}

func (frames) Unmarshal(data []byte, v any) error {
	if bytes, ok := v.(*[]byte); ok {
		*bytes = append([]byte(nil), data...)
		return nil
	}
	return proto.Unmarshal(data, v.(proto.Message))
}

var _ encoding.Codec = frames{}

func main() {
	if len(os.Args) < 3 || generators[os.Args[1]] == nil {
		fail(fmt.Errorf("usage: langhost nodejs|python REAL-HOST [ARGS...]"))
	}
	generate := generators[os.Args[1]]
	realHost := exec.Command(os.Args[2], os.Args[3:]...)
	realHost.Stdin = os.Stdin
	realHost.Stderr = os.Stderr
	// The real host goes when this process does, however it ends.
	realHost.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := realHost.StdoutPipe()
	fail(err)
	fail(realHost.Start())
	lines := bufio.NewReader(out)
	port, err := lines.ReadString('\n')
	fail(err)
	go func() { _, _ = io.Copy(os.Stdout, lines) }()

	upstream, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(frames{}), grpc.MaxCallRecvMsgSize(1<<30)))
	fail(err)
	server := grpc.NewServer(grpc.ForceServerCodec(frames{}), grpc.MaxRecvMsgSize(1<<30),
		grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
			method, _ := grpc.MethodFromServerStream(stream)
			switch method {
			case generateProgram:
				return answerGenerateProgram(stream, generate)
			case runPlugin:
				return answerRunPlugin(stream, upstream)
			}
			return relayFirst(stream, upstream, method, nil)
		}))
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	fail(err)
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-stop
		server.Stop()
	}()
	go func() {
		_ = realHost.Wait()
		server.Stop()
	}()
	_ = server.Serve(listener)
	if realHost.Process != nil {
		_ = realHost.Process.Kill()
	}
}

// relayFirst passes one call, and all its messages both ways, to the real host; `first`, when given, is
// the call's first message, already read.
func relayFirst(stream grpc.ServerStream, upstream *grpc.ClientConn, method string, first []byte) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	description := &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}
	client, err := upstream.NewStream(ctx, description, method)
	if err != nil {
		return err
	}
	if first != nil {
		if err := client.SendMsg(&first); err != nil {
			return err
		}
	}
	go func() {
		for {
			var message []byte
			if err := stream.RecvMsg(&message); err != nil {
				_ = client.CloseSend()
				return
			}
			if err := client.SendMsg(&message); err != nil {
				return
			}
		}
	}()
	for {
		var message []byte
		if err := client.RecvMsg(&message); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if err := stream.SendMsg(&message); err != nil {
			return err
		}
	}
}

// answerGenerateProgram binds the PCL program against the engine's schema loader and writes its source.
func answerGenerateProgram(stream grpc.ServerStream, generate func(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error)) error {
	var raw []byte
	if err := stream.RecvMsg(&raw); err != nil {
		return err
	}
	var request pulumirpc.GenerateProgramRequest
	if err := proto.Unmarshal(raw, &request); err != nil {
		return err
	}
	response, err := generateFrom(&request, generate)
	if err != nil {
		return err
	}
	return stream.SendMsg(response)
}

func generateFrom(
	request *pulumirpc.GenerateProgramRequest,
	generate func(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error),
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(request.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	parser := syntax.NewParser()
	for path, source := range request.Source {
		if err := parser.ParseFile(strings.NewReader(source), path); err != nil {
			return nil, err
		}
	}
	diagnostics := parser.Diagnostics
	if diagnostics.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diagnostics)}, nil
	}
	options := []pcl.BindOption{}
	if !request.Strict {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	program, bound, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), options...)
	if err != nil {
		return nil, err
	}
	diagnostics = append(diagnostics, bound...)
	if bound.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diagnostics)}, nil
	}
	files, generated, err := generate(program)
	if err != nil {
		return nil, err
	}
	diagnostics = append(diagnostics, generated...)
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diagnostics),
	}, nil
}

func fail(err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "langhost: %v\n", err)
		os.Exit(1)
	}
}
