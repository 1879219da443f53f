using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;

namespace Parley.Bench.Processes;

/// <summary>The Parley server under test, running as a child process (<see cref="ServeCommand"/>) with a fresh data directory.</summary>
internal sealed class ParleyServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly Channel<long> _gcReports = Channel.CreateUnbounded<long>();
    private readonly Channel<HeapReport> _heapReports = Channel.CreateUnbounded<HeapReport>();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stdoutPump;

    private ParleyServerProcess(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _stdoutPump = PumpStdoutAsync();
    }

    public int Pid => _process.Id;

    public string DataDirectory => _dataDirectory;

    public IPEndPoint Endpoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>Serving plain TCP (started with --insecure): clients connect without TLS.</summary>
    public bool Insecure { get; private init; }

    /// <param name="prepareData">Runs on the fresh data directory before the server starts (e.g. puts videos into it).</param>
    /// <param name="build">Which build's server to run; this bench's own when null.</param>
    /// <param name="environment">More variables for the server's process (after the variant's); a build that does not know one ignores it.</param>
    public static async Task<ParleyServerProcess> StartAsync(
        ParleyVariant variant,
        TimeSpan maxLifetime,
        CancellationToken ct,
        Action<string>? prepareData = null,
        ServerBuild? build = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("parley-bench-").FullName;
        prepareData?.Invoke(dataDirectory);
        string[] arguments =
        [
            "serve",
            "--port", "0",
            "--data", dataDirectory,
            "--max-seconds", ((int)maxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            .. variant.Insecure ? ["--insecure"] : Array.Empty<string>(),
        ];
        var startInfo = (build ?? ServerBuild.Current).StartInfo(arguments);
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;

        // Per-login information lines would cost more than the logins at 10,000 connections.
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        ManyClientsArrayPool.RestoreFor(startInfo);
        foreach (var (name, value) in variant.Environment.Concat(environment ?? new Dictionary<string, string>()))
        {
            startInfo.Environment[name] = value;
        }

        var server = new ParleyServerProcess(ChildProcesses.Start(startInfo), dataDirectory) { Insecure = variant.Insecure };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var port = await server._listening.Task.WaitAsync(timeout.Token);
            server.Endpoint = new IPEndPoint(IPAddress.Loopback, port);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the server to run a full compacting GC; returns its managed heap size afterwards.</summary>
    public async Task<long> CollectGarbageAsync(CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync("gc");
        await _process.StandardInput.FlushAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        return await _gcReports.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>
    /// The server's allocations and collections so far; null when it does not answer within 5 s (a build from before
    /// the <c>heap</c> command ignores it).
    /// </summary>
    public async Task<HeapReport?> HeapAsync(CancellationToken ct)
    {
        while (_heapReports.Reader.TryRead(out _))
        {
            // A late answer to an earlier question.
        }

        await _process.StandardInput.WriteLineAsync("heap");
        await _process.StandardInput.FlushAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await _heapReports.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Closes the server's stdin (it shuts down cleanly), then kills it if it is still there after 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            // Not gone by itself: killed below.
        }

        ChildProcesses.Kill(_process);
        await _stdoutPump;
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a benchmark for.
        }
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
                {
                    _listening.TrySetResult(int.Parse(line["LISTENING ".Length..], CultureInfo.InvariantCulture));
                }
                else if (HeapReport.TryParse(line, out var heap))
                {
                    _heapReports.Writer.TryWrite(heap);
                }
                else if (line.StartsWith("GC ", StringComparison.Ordinal))
                {
                    _gcReports.Writer.TryWrite(long.Parse(line["GC ".Length..], CultureInfo.InvariantCulture));
                }
                else
                {
                    await Console.Error.WriteLineAsync("[parley server] " + line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process is gone.
        }

        _listening.TrySetException(new InvalidOperationException("the Parley server process ended before it listened"));
    }
}
