using Parley.Cli.Tests.Support;

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

    [Fact]
    public async Task An_explicit_port_is_used()
    {
        using var dir = new TempDir();
        var port = FreePort();
        await using var server = await ServerProcess.StartAsync(dir.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(port, server.Port);
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
    public async Task A_port_in_use_is_an_error_on_one_line()
    {
        using var dir = new TempDir();
        await using var first = await ServerProcess.StartAsync(dir.Path, "--data", dir.Sub("one"));
        var run = await ParleyProcess.RunAsync(
            dir.Path, "server", "--port", first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", dir.Sub("two"));
        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.Stderr, l => l.StartsWith("parley: ", StringComparison.Ordinal));
        Assert.Contains("cannot start the server", error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
