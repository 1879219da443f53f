using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Processes;

/// <summary>
/// nats-server (Debian package <c>nats-server</c>) as a child process on a free 127.0.0.1 port with
/// a temporary config. It runs under coreutils <c>timeout</c>, so even if the bench is killed
/// outright the server goes away by itself after the bench's time bound.
/// </summary>
internal sealed class NatsServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NatsServerProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>The nats-server process itself (not the <c>timeout</c> wrapper).</summary>
    public int Pid { get; private set; }

    private static readonly string[] s_places = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];

    public static string Executable =>
        s_places.FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException("nats-server is not installed; install it with: sudo apt-get install -y nats-server");

    /// <summary>The self-signed certificate (PEM) clients trust when the server was started with TLS; else null.</summary>
    public string? CertificatePath { get; private set; }

    /// <param name="tls">Serve TLS only (nats' <c>tls</c> block, a fresh self-signed ECDSA P-256 certificate), as Parley does by default.</param>
    public static async Task<NatsServerProcess> StartAsync(TimeSpan maxLifetime, CancellationToken ct, bool tls = false)
    {
        var executable = Executable;
        var directory = Directory.CreateTempSubdirectory("parley-bench-nats-").FullName;
        var port = FreePort.Pick();
        var pidFile = Path.Combine(directory, "nats.pid");
        var config = Path.Combine(directory, "nats.conf");
        (string CertificatePath, string KeyPath)? certificate = tls ? await SelfSignedCertificate.WriteAsync(directory, ct) : null;
        var tlsBlock = certificate is null ? string.Empty : $$"""
            tls {
              cert_file: "{{certificate.Value.CertificatePath}}"
              key_file: "{{certificate.Value.KeyPath}}"
              timeout: 5
            }
            """;
        await File.WriteAllTextAsync(
            config,
            $"""
            listen: "127.0.0.1:{port}"
            pid_file: "{pidFile}"
            log_file: "{Path.Combine(directory, "nats.log")}"
            max_connections: 19000
            {tlsBlock}
            """,
            ct);

        var startInfo = new ProcessStartInfo("timeout") { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--kill-after=5", ((int)maxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            executable, "-c", config,
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var server = new NatsServerProcess(ChildProcesses.Start(startInfo), directory, port) { CertificatePath = certificate?.CertificatePath };
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(20), ct);
            server.Pid = int.Parse((await File.ReadAllTextAsync(pidFile, ct)).Trim(), CultureInfo.InvariantCulture);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public static string Version()
    {
        var startInfo = new ProcessStartInfo(Executable, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(startInfo)!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    public ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a benchmark for.
        }

        return ValueTask.CompletedTask;
    }
}
