using System.Runtime;
using Parley.Server;
using Parley.Server.Hosting;

namespace Parley.Bench.Processes;

/// <summary>
/// The hidden <c>serve</c> command: the Parley server under test, in a process of its own so that
/// its memory and CPU are measured apart from the bench's clients. It listens on 127.0.0.1, prints
/// <c>LISTENING port</c>, and answers the parent on stdin: <c>gc</c> forces a full compacting
/// collection and prints <c>GC managed-bytes</c>; <c>heap</c> prints a <see cref="HeapReport"/> line (allocations and collections so far). It stops when stdin closes (the parent is gone),
/// on SIGTERM, or after <c>--max-seconds</c>.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Set to "1" in the server's environment, the server keeps the default delivery budget (what users get).</summary>
    public const string DefaultDeliveryBudgetVariable = "PARLEY_BENCH_DEFAULT_DELIVERY_BUDGET";

    public static async Task<int> RunAsync(int port, string dataDirectory, int maxSeconds, bool insecure, CancellationToken ct)
    {
        var options = BenchOptions(port, dataDirectory, insecure);
        if (Environment.GetEnvironmentVariable(DefaultDeliveryBudgetVariable) == "1")
        {
            var defaults = new ParleyServerOptions();
            options = options with { DeliveryBytesPerSecond = defaults.DeliveryBytesPerSecond, DeliveryBurstBytes = defaults.DeliveryBurstBytes };
        }

        await using var host = await ParleyServerHost.StartAsync(options, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(TimeSpan.FromSeconds(maxSeconds));
        var commands = new Thread(() => AnswerParent(stop)) { IsBackground = true, Name = "parent commands" };
        commands.Start();
        Console.Out.WriteLine($"LISTENING {host.Endpoint.Port}");
        Console.Out.Flush();
        await host.WaitForShutdownAsync(stop.Token);
        return 0;
    }

    private static ParleyServerOptions BenchOptions(int port, string dataDirectory, bool insecure) =>
        new()
        {
            Host = "127.0.0.1",
            Port = port,
            DataDirectory = dataDirectory,
            VideosDirectory = Path.Combine(dataDirectory, "videos"),
            Insecure = insecure,

            // The benches measure the server, not its admission limits: one key owns every bench name (idle: 10,000),
            // idle connections never ping, and a relay sender sends ~10,000 messages a second. Limits that load
            // would hit are raised out of its way; the request bucket still runs for every request, so its cost is
            // measured. Per-address limits do not apply to the bench's loopback addresses anyway.
            MaxConnections = 1 << 20,
            MaxConnectionsPerName = 1 << 20,
            MaxNamesPerKey = 1 << 16,
            RegistrationsPerHour = 1 << 24,
            RequestsPerSecond = 1 << 24,
            HeartbeatInterval = TimeSpan.FromHours(1),
            IdleTimeout = TimeSpan.FromHours(4),

            // A relay sender queues up to ~35 MB/s of deliveries on a quiet machine, past the default delivery budget
            // (32 MiB/s): raised like the request bucket, whose accounting still runs. fan-out, which is what the budget
            // is for, runs with the default (DefaultDeliveryBudgetVariable).
            DeliveryBytesPerSecond = int.MaxValue,
            DeliveryBurstBytes = int.MaxValue,
        };

    private static void AnswerParent(CancellationTokenSource stop)
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line.Trim() == "gc")
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                Console.Out.WriteLine($"GC {GC.GetTotalMemory(forceFullCollection: false)}");
                Console.Out.Flush();
            }
            else if (line.Trim() == "heap")
            {
                Console.Out.WriteLine(HeapReport.Now().ToLine());
                Console.Out.Flush();
            }
        }

        stop.Cancel();
    }
}
