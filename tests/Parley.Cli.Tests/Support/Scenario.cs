using System.Text.Json;

namespace Parley.Cli.Tests.Support;

/// <summary>
/// A test's world: a temp directory, a running server whose data lives in it, and one --home per
/// person (unless the test says otherwise), with shortcuts for the commands under test.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    private readonly List<RunningProcess> _processes = [];

    private Scenario(TempDir dir, ServerProcess server)
    {
        Dir = dir;
        Server = server;
    }

    public TempDir Dir { get; }

    public ServerProcess Server { get; }

    public static async Task<Scenario> StartAsync()
    {
        var dir = new TempDir("parley-cli-test");
        try
        {
            await SeededHomes.EnsureMadeAsync();
            var server = await ServerProcess.StartAsync(dir.Path, "--data", dir.Sub("data"), "--videos", dir.Sub("videos"));
            return new Scenario(dir, server);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Each person keeps their identity in a home of their own; the usual cast finds a key there already (<see cref="SeededHomes"/>).</summary>
    public string HomeOf(string person)
    {
        var home = Dir.Sub("home-" + person);
        SeededHomes.CopyTo(person, home);
        return home;
    }

    /// <summary>--server, --name and --home for a person.</summary>
    public string[] As(string name, string? home = null) =>
        ["--server", Server.Address, "--name", name, "--home", home ?? HomeOf(name)];

    public Task<ProcessRun> RunAsync(params string[] args) => ParleyProcess.RunAsync(Dir.Path, args);

    public Task<ProcessRun> SendAsync(string from, string to, string text) =>
        RunAsync(["send", .. As(from), "--to", to, text]);

    /// <summary>Starts `parley listen` and returns once it is logged in.</summary>
    public async Task<RunningProcess> ListenAsync(string name, params string[] extra)
    {
        var listen = await StartProcessAsync(["listen", .. As(name), .. extra]);
        await listen.WaitForStderrAsync(line => line == $"listening as {name}", "'listening as " + name + "'");
        return listen;
    }

    public Task<RunningProcess> StartProcessAsync(params string[] args) => StartProcessAsync(false, args);

    /// <summary>Starts ./parley; with <paramref name="withInput"/> its stdin stays open for WriteLineAsync.</summary>
    public async Task<RunningProcess> StartProcessAsync(bool withInput, params string[] args)
    {
        await LauncherBuild.EnsureBuiltAsync();
        var process = ParleyProcess.Start(args, Dir.Path, redirectStdin: withInput);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    public async Task<string> FingerprintOfAsync(string name)
    {
        var run = await RunAsync("keys", "fingerprint", "--name", name, "--home", HomeOf(name));
        Assert.True(run.ExitCode == 0, run.ToString());
        return Assert.Single(run.Stdout);
    }

    public static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                process.Dispose();
            }
        }

        await Server.DisposeAsync();
        Dir.Dispose();
    }
}
