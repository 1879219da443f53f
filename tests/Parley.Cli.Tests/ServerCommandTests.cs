using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Parley.Cli.Hosting;
using Parley.Cli.Tests.Support;
using Parley.Server;

namespace Parley.Cli.Tests;

public class ServerCommandTests
{
    [Fact]
    public async Task Port_zero_prints_the_real_port_and_data_and_videos_flags_are_honoured()
    {
        using var dir = new TempDir();
        var data = dir.Sub("my-data");
        var videos = dir.Sub("my-videos");
        await using var server = await ServerProcess.StartAsync(dir.Path, "--data", data, "--videos", videos);

        Assert.InRange(server.Port, 1, 65535);
        var line = server.Process.StdoutLines.First(l => ServerProcess.ParseListeningLine(l).Success);
        var parsed = ServerProcess.ParseListeningLine(line);
        Assert.Equal("127.0.0.1", parsed.Groups["host"].Value);
        Assert.Equal(data, parsed.Groups["data"].Value);
        Assert.Equal(videos, parsed.Groups["videos"].Value);
        Assert.True(Directory.Exists(data));
        Assert.True(Directory.Exists(videos));
        Assert.NotEmpty(Directory.GetFiles(data));
    }

    // --port N is proved without starting a server on N (a port found free and bound later races other
    // processes): here the flags reach the server's settings unchanged, and below a server given a port
    // the test holds fails on exactly that port.
    [Fact]
    public void An_explicit_port_reaches_the_server_settings_and_leaves_the_http_port_to_its_default()
    {
        var portOnly = ServerCommand.Overrides(ServerCommand.Create().Parse(["--port", "4567"]));
        var both = ServerCommand.Overrides(ServerCommand.Create().Parse(["--port", "4567", "--http-port", "-1"]));

        Assert.Equal("4567", portOnly["Port"]);
        Assert.Null(portOnly["HttpPort"]);
        Assert.Equal(8080, new ParleyServerOptions { Port = 4567 }.HttpPort);
        Assert.Equal(("4567", "-1"), (both["Port"], both["HttpPort"]));
    }

    [Fact]
    public async Task Flags_win_over_environment_variables_and_appsettings_json()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.Sub("appsettings.json"), """{ "Parley": { "Data": "file-data", "Videos": "file-videos" } }""");
        var environment = new Dictionary<string, string> { ["PARLEY_DATA"] = dir.Sub("env-data"), ["PARLEY_GENERATESAMPLEVIDEOS"] = "false" };
        await using var server = await ServerProcess.StartAsync(dir.Path, environment, "--data", dir.Sub("flag-data"));

        Assert.True(Directory.Exists(dir.Sub("flag-data")));
        Assert.False(Directory.Exists(dir.Sub("env-data")));
        Assert.False(Directory.Exists(dir.Sub("file-data")));
        // Settings no flag overrides still come from the file.
        Assert.True(Directory.Exists(dir.Sub("file-videos")));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_stops_the_server_cleanly(string signal)
    {
        using var dir = new TempDir();
        await using var server = await ServerProcess.StartAsync(dir.Path);
        server.Process.Signal(signal);
        Assert.Equal(0, await server.Process.WaitForExitAsync(Deadline.Default));
        Assert.Contains("parley server stopping", server.Process.StdoutLines);
    }

    [Fact]
    public async Task A_bad_setting_is_a_usage_error_on_one_line()
    {
        using var dir = new TempDir();
        var run = await ParleyProcess.RunAsync(dir.Path, "server", "--port", "70000");
        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.Stderr);
        Assert.StartsWith("parley: ", error, StringComparison.Ordinal);
        Assert.Contains("Port", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_on_one_line_naming_that_port()
    {
        using var dir = new TempDir();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var run = await ParleyProcess.RunAsync(dir.Path, "server", "--port", port, "--http-port", "-1", "--data", dir.Sub("data"));

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Stderr, l => l.StartsWith("parley: ", StringComparison.Ordinal));
        Assert.Contains($"cannot start the server on 127.0.0.1:{port}:", error, StringComparison.Ordinal);
        Assert.Contains("in use", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_http_port_in_use_is_an_error_naming_the_http_port()
    {
        using var dir = new TempDir();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var run = await ParleyProcess.RunAsync(dir.Path, "server", "--port", "0", "--http-port", port, "--data", dir.Sub("data"));

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Stderr, l => l.StartsWith("parley: ", StringComparison.Ordinal));
        Assert.Contains($"cannot start the server on 127.0.0.1:0 (video HTTP on port {port}):", error, StringComparison.Ordinal);
    }
}
