using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Parley.Testing;

/// <summary>`./parley server` on free ports of 127.0.0.1 (Parley and HTTP), stopped with SIGTERM on dispose.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly string _workingDirectory;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string[] _args;

    private ServerProcess(Launched launched, string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        Process = launched.Process;
        Port = launched.Port;
        DataDirectory = launched.DataDirectory;
        Fingerprint = launched.Fingerprint;
        _workingDirectory = workingDirectory;
        _environment = environment;
        _args = args;
        Register();
    }

    /// <summary>The key fingerprint it printed at start; null when it runs --insecure.</summary>
    public string? Fingerprint { get; private set; }

    public string DataDirectory { get; private set; }

    /// <summary>The server's own certificate with its key (data/tls).</summary>
    public X509Certificate2 Certificate => TestTls.ServerIdentityIn(DataDirectory);

    public RunningProcess Process { get; private set; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    // Chat tests have no use for the sample video a server writes into an empty videos folder.
    public static Task<ServerProcess> StartAsync(string workingDirectory, params string[] extraArgs) =>
        StartAsync(workingDirectory, new Dictionary<string, string> { ["PARLEY_GENERATESAMPLEVIDEOS"] = "false" }, extraArgs);

    public static async Task<ServerProcess> StartAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        // Both ports are picked by the kernel unless a test says otherwise: no test depends on a fixed port being free.
        string[] args = ["server", .. extraArgs];
        if (!extraArgs.Contains("--port"))
        {
            args = [.. args, "--port", "0"];
        }

        if (!extraArgs.Contains("--http-port"))
        {
            args = [.. args, "--http-port", "0"];
        }

        var launched = await LaunchAsync(workingDirectory, environment, args);
        return new ServerProcess(launched, workingDirectory, environment, args);
    }

    /// <summary>
    /// Stops it (SIGTERM) and starts it again with the same arguments on the port it had, so clients
    /// find it where it was and, with the same --data, every name is still registered and the server
    /// keeps its TLS identity. <paramref name="changes"/> gives some flags another value (e.g. another --data).
    /// </summary>
    public async Task RestartAsync(params (string Flag, string Value)[] changes)
    {
        await StopAsync();
        Process.Dispose();
        var args = (string[])_args.Clone();
        foreach (var (flag, value) in changes.Append(("--port", Port.ToString(CultureInfo.InvariantCulture))))
        {
            args[Array.IndexOf(args, flag) + 1] = value;
        }

        var launched = await LaunchAsync(_workingDirectory, _environment, args);
        Process = launched.Process;
        DataDirectory = launched.DataDirectory;
        Fingerprint = launched.Fingerprint;
        Register();
        if (launched.Port != Port)
        {
            throw new InvalidOperationException($"the restarted server listens on {launched.Port}, not {Port}");
        }
    }

    private void Register()
    {
        if (Fingerprint is not null)
        {
            KnownTestServers.Register(Address, Fingerprint);
        }
    }

    private static async Task<Launched> LaunchAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        await LauncherBuild.EnsureBuiltAsync();
        var process = ParleyProcess.Start(args, workingDirectory, environment: environment);
        try
        {
            var line = await process.WaitForStdoutAsync(l => ListeningLine().IsMatch(l), "the listening line");
            var listening = ListeningLine().Match(line);
            var port = int.Parse(listening.Groups["port"].Value, CultureInfo.InvariantCulture);
            var data = Path.GetFullPath(listening.Groups["data"].Value, workingDirectory);
            var identity = await process.WaitForStdoutAsync(l => KeyLine().IsMatch(l) || l.StartsWith("parley server is INSECURE", StringComparison.Ordinal), "the key line");
            var fingerprint = KeyLine().Match(identity) is { Success: true } key ? key.Groups["fingerprint"].Value : null;
            return new Launched(process, port, data, fingerprint);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public static Match ParseListeningLine(string line) => ListeningLine().Match(line);

    /// <summary>Stops it like a service manager would and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        Process.Signal("TERM");
        return await Process.WaitForExitAsync(Deadline.Default);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
                // Disposing the process kills it.
            }
        }

        Process.Dispose();
    }

    private sealed record Launched(RunningProcess Process, int Port, string DataDirectory, string? Fingerprint);

    [GeneratedRegex(@"^parley server listening on (?<host>[^ ]+):(?<port>\d+) \(data in (?<data>.+), videos in (?<videos>.+)\)$")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^parley server key (?<fingerprint>SHA256:[A-Za-z0-9+/]+); ")]
    private static partial Regex KeyLine();
}
