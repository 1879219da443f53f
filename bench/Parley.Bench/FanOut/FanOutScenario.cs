using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Parley.Bench.Measurement;
using Parley.Bench.Processes;
using Parley.Bench.Relay;
using Parley.Bench.Wire;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Bench.FanOut;

/// <summary>
/// <c>fan-out</c>: one name logged in on many connections; one sender sends it a burst of large messages (each
/// delivered to every connection) while other users ping the server. What the burst does to their pings (p50, p99,
/// worst) against the same pings on a quiet server, and how long the whole burst takes to reach every connection.
/// </summary>
internal static class FanOutScenario
{
    private const int SocketBufferBytes = 64 * 1024;
    private const string CrowdName = "bench-crowd";
    private const string SenderName = "bench-fan-sender";

    private static readonly Dictionary<string, string> s_defaultDeliveryBudget = new() { [ServeCommand.DefaultDeliveryBudgetVariable] = "1" };

    public static async Task<int> RunAsync(
        int connections, int messages, int payloadBytes, int pingers, int rounds, IReadOnlyList<ParleySystem> systems, CancellationToken ct)
    {
        Console.WriteLine(
            $"fan-out: '{CrowdName}' on {connections} connections, {messages} sends of {payloadBytes:N0} bytes to it at once " +
            $"({(long)connections * messages * payloadBytes / (1024.0 * 1024):N0} MiB delivered), {pingers} other users pinging; {rounds} round(s); " +
            $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}; " +
            $"Parley servers: {string.Join("; ", systems.Select(s => s.Description))}");
        var keys = new Identity[pingers + 2];
        Parallel.For(0, keys.Length, i => keys[i] = Identity.Generate());
        var results = new List<Result>();
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var system in ParleySystem.InRoundOrder(systems, round))
                {
                    // With the delivery budget users get: it is what holds the sender back (a build without one ignores this).
                    await using var server = await ParleyServerProcess.StartAsync(
                        system.Variant, TimeSpan.FromMinutes(10), ct, build: system.Build, environment: s_defaultDeliveryBudget);
                    var result = await RunOnceAsync(round, system.Name, server.Endpoint, connections, messages, payloadBytes, keys, ct);
                    results.Add(result);
                    Console.WriteLine(
                        $"  round {round}, {system.Name}: burst delivered in {result.BurstSeconds:N2} s ({result.Delivered:N0} of {result.Offered:N0} copies queued, the rest refused busy); " +
                        $"pings quiet p50/p99/max {result.Quiet.Percentile(50):N0}/{result.Quiet.Percentile(99):N0}/{result.Quiet.Percentile(100):N0} µs, " +
                        $"during the burst {result.Busy.Percentile(50):N0}/{result.Busy.Percentile(99):N0}/{result.Busy.Percentile(100):N0} µs");
                }
            }
        }
        finally
        {
            foreach (var key in keys)
            {
                key?.Dispose();
            }
        }

        var table = new Table(
            "round", "system", "burst s", "copies delivered / offered", "quiet ping p50 µs", "quiet p99 µs", "quiet max µs",
            "ping during burst p50 µs", "p99 µs", "max µs");
        foreach (var r in results)
        {
            table.Add(
                r.Round.ToString(CultureInfo.InvariantCulture),
                r.System,
                r.BurstSeconds.ToString("N2", CultureInfo.InvariantCulture),
                $"{r.Delivered.ToString("N0", CultureInfo.InvariantCulture)} / {r.Offered.ToString("N0", CultureInfo.InvariantCulture)}",
                r.Quiet.Percentile(50).ToString("N0", CultureInfo.InvariantCulture),
                r.Quiet.Percentile(99).ToString("N0", CultureInfo.InvariantCulture),
                r.Quiet.Percentile(100).ToString("N0", CultureInfo.InvariantCulture),
                r.Busy.Percentile(50).ToString("N0", CultureInfo.InvariantCulture),
                r.Busy.Percentile(99).ToString("N0", CultureInfo.InvariantCulture),
                r.Busy.Percentile(100).ToString("N0", CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Console.WriteLine(table);
        return 0;
    }

    private static async Task<Result> RunOnceAsync(
        int round, string system, IPEndPoint server, int connections, int messages, int payloadBytes, Identity[] keys, CancellationToken ct)
    {
        var wires = new List<ParleyWire>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = new List<Task>();
        try
        {
            long delivered = 0;
            long lastDeliveryAt = 0;
            for (var i = 0; i < connections; i++)
            {
                var crowd = await LoginAsync(server, CrowdName, keys[0], wires, ct);
                loops.Add(CountDeliveriesAsync(crowd, () =>
                {
                    Interlocked.Increment(ref delivered);
                    Volatile.Write(ref lastDeliveryAt, Stopwatch.GetTimestamp());
                }, stop.Token));
            }

            var sender = await LoginAsync(server, SenderName, keys[1], wires, ct);
            var pingers = new List<ParleyWire>();
            for (var i = 2; i < keys.Length; i++)
            {
                pingers.Add(await LoginAsync(server, $"bench-pinger-{i - 2}", keys[i], wires, ct));
            }

            var quiet = await PingAsync(pingers, Task.Delay(TimeSpan.FromSeconds(2), ct), ct);

            var frame = new ClientFrame { Send = new SendMessage { To = CrowdName, Sealed = ByteString.CopyFrom(new byte[payloadBytes]) } };
            var started = Stopwatch.GetTimestamp();
            for (var m = 0; m < messages; m++)
            {
                frame.Send.RequestId = (ulong)m + 1;
                FrameCodec.WriteFrame(sender.Output, frame);
            }

            await sender.Output.FlushAsync(ct);

            // The server says which sends reached at least one connection (SendAcks carries no count of copies), so the
            // copies a busy connection refused are not known here: the burst is over once every send is answered and no
            // copy arrived for a second; what arrived is what was queued.
            var finished = Task.Run(
                async () =>
                {
                    var answers = new SendAnswers();
                    while (answers.Answered < messages)
                    {
                        answers.Count(await sender.ReadFrameAsync(ct));
                    }

                    var deadline = Stopwatch.GetTimestamp() + (long)(120 * Stopwatch.Frequency);
                    while (Interlocked.Read(ref delivered) < (long)connections * messages
                        && Stopwatch.GetElapsedTime(Math.Max(Volatile.Read(ref lastDeliveryAt), started)) < TimeSpan.FromSeconds(1)
                        && Stopwatch.GetTimestamp() < deadline)
                    {
                        await Task.Delay(50, ct);
                    }

                    return Math.Max(Volatile.Read(ref lastDeliveryAt), started);
                },
                ct);
            var busy = await PingAsync(pingers, finished, ct);
            var burst = Stopwatch.GetElapsedTime(started, await finished).TotalSeconds;
            return new Result(round, system, burst, Interlocked.Read(ref delivered), (long)connections * messages, quiet, busy);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var wire in wires)
            {
                await wire.DisposeAsync();
            }

            await Task.WhenAll(loops).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private static async Task<ParleyWire> LoginAsync(IPEndPoint server, string name, Identity key, List<ParleyWire> wires, CancellationToken ct)
    {
        var wire = await ParleyWire.ConnectAsync(server, IPAddress.Loopback, SocketBufferBytes, ct);
        wires.Add(wire);
        await wire.LoginAsync(name, key, presence: false, ct);
        return wire;
    }

    /// <summary>
    /// Every pinger pings, one ping at a time with a millisecond between, until <paramref name="until"/> completes. Each
    /// pinger is a thread of its own doing blocking I/O on its TLS stream, so that what its pings wait for is the server, not this
    /// process's thread pool, which the crowd's readers keep busy.
    /// </summary>
    private static async Task<LatencyHistogram> PingAsync(List<ParleyWire> pingers, Task until, CancellationToken ct)
    {
        var histograms = pingers.Select(_ => new LatencyHistogram()).ToArray();
        var threads = pingers.Select((pinger, i) => new Thread(() => Ping(pinger.Stream, histograms[i], until, ct)) { IsBackground = true, Name = $"pinger {i}" }).ToList();
        threads.ForEach(thread => thread.Start());
        await until;
        foreach (var thread in threads)
        {
            thread.Join();
        }

        var all = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            all.Add(histogram);
        }

        return all;
    }

    private static void Ping(Stream connection, LatencyHistogram latency, Task until, CancellationToken ct)
    {
        var header = new byte[ProtocolConstants.LengthPrefixBytes];
        var body = new byte[1024];
        for (ulong nonce = 1; !until.IsCompleted && !ct.IsCancellationRequested; nonce++)
        {
            var ping = FrameCodec.ToFrameBytes(new ClientFrame { Ping = new Ping { Nonce = nonce } });
            var sent = Stopwatch.GetTimestamp();
            connection.Write(ping);
            connection.Flush();
            ReceiveExactly(connection, header);
            var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length > body.Length)
            {
                throw new ParleyServerException(ErrorCode.UnexpectedFrame, $"a {length}-byte frame where a pong was expected");
            }

            ReceiveExactly(connection, body.AsSpan(0, length));
            latency.Record(Stopwatch.GetTimestamp() - sent);
            var answer = ServerFrame.Parser.ParseFrom(body, 0, length);
            if (answer.BodyCase != ServerFrame.BodyOneofCase.Pong)
            {
                throw new ParleyServerException(ErrorCode.UnexpectedFrame, $"expected a pong, got {answer.BodyCase}");
            }

            Thread.Sleep(1);
        }
    }

    private static void ReceiveExactly(Stream connection, Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            var read = connection.Read(into);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }

            into = into[read..];
        }
    }

    /// <summary>Counts whole frames as they arrive without parsing them (the deliveries are the only frames a quiet name gets).</summary>
    private static async Task CountDeliveriesAsync(ParleyWire wire, Action onDelivery, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await wire.Input.ReadAsync(ct);
                var buffer = result.Buffer;
                while (FrameCodec.TryReadFrame(ref buffer, ParleyWire.MaxServerFrameBytes, out _))
                {
                    onDelivery();
                }

                wire.Input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped: the run is over.
        }
    }

    /// <param name="Delivered">Copies the server queued (and the crowd then read); <paramref name="Offered"/> less those refused busy.</param>
    private sealed record Result(int Round, string System, double BurstSeconds, long Delivered, long Offered, LatencyHistogram Quiet, LatencyHistogram Busy);
}
