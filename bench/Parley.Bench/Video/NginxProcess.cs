using System.Diagnostics;
using System.Globalization;
using Parley.Bench.Processes;

namespace Parley.Bench.Video;

/// <summary>
/// nginx (Debian package <c>nginx</c>) as a child process in the foreground (<c>daemon off</c>) with a
/// temporary prefix and config: one worker process, no access log, serving one directory on a free
/// 127.0.0.1 port. sendfile is on (its default strength) unless asked otherwise: with it off nginx
/// copies every byte through user space, as any server on Kestrel must, which shows what sendfile alone is worth. It runs under coreutils <c>timeout</c>, so it goes
/// away by itself even if the bench is killed outright.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _prefix;

    private NginxProcess(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The master process; its worker is found through <see cref="ProcessTree"/>.</summary>
    public int MasterPid { get; private set; }

    public static async Task<NginxProcess> StartAsync(string root, bool sendfile, TimeSpan maxLifetime, CancellationToken ct)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException("nginx is not installed; install it with: apt-get install -y nginx");
        }

        var prefix = Directory.CreateTempSubdirectory("parley-bench-nginx-").FullName;
        var port = FreePort.Pick();
        var config = Path.Combine(prefix, "nginx.conf");

        // The segment files sit in the Parley server's private temp directory: as root, the worker must stay root to read them.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        await File.WriteAllTextAsync(
            config,
            $$"""
            {{user}}
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                sendfile {{(sendfile ? "on" : "off")}};
                tcp_nopush on;
                keepalive_requests 1000000;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                types { video/mp2t ts; application/vnd.apple.mpegurl m3u8; }
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                }
            }
            """,
            ct);

        var startInfo = new ProcessStartInfo("timeout") { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--kill-after=5", ((int)maxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            Executable, "-p", prefix, "-c", config, "-g", "daemon off;",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var server = new NginxProcess(ChildProcesses.Start(startInfo), prefix, port);
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(20), ct);
            server.MasterPid = int.Parse((await File.ReadAllTextAsync(Path.Combine(prefix, "nginx.pid"), ct)).Trim(), CultureInfo.InvariantCulture);
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
        var startInfo = new ProcessStartInfo(Executable, "-v") { RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(startInfo)!;
        var version = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    public async ValueTask DisposeAsync()
    {
        // A killed master leaves its worker running (and holding the bench's stdout open), so nginx is
        // asked to stop its worker first; killing the tree is only the fallback.
        if (MasterPid != 0)
        {
            await StopGracefullyAsync();
        }

        ChildProcesses.Kill(_process);
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a benchmark for.
        }
    }

    private async Task StopGracefullyAsync()
    {
        var startInfo = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", _prefix, "-c", Path.Combine(_prefix, "nginx.conf"), "-s", "stop" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var signal = Process.Start(startInfo);
        if (signal is null)
        {
            return;
        }

        await signal.StandardError.ReadToEndAsync();
        await signal.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed below.
        }
    }
}
