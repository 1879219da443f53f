using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Parley.Bench.Measurement;
using Parley.Client;

namespace Parley.Bench.Video;

/// <summary>
/// <c>video-chat</c>: how long a chat message takes to reach a viewer while that viewer's connection
/// streams the 1080p rendition. One sender and one viewer (Parley.Client, real sealing and opening);
/// the viewer reads the rendition's segments in a loop with the client's segment reader (its read window:
/// a quarter second of data, 16-256 KiB) into Stream.Null, at full speed or under a read cap (<c>ReadBytesPerSecond</c>,
/// what <c>parley play --limit-rate</c> sets), or not at all (the baseline). The sender sends one
/// message at a time, a pause between them; a message's latency runs from the call to
/// <c>SendTextAsync</c> (sealing included) until the viewer's client has opened it and raised it.
/// </summary>
internal static class ChatWhileStreamingScenario
{
    private const int WarmUpMessages = 5;

    public static async Task<int> RunAsync(int videoSeconds, int messages, TimeSpan gap, IReadOnlyList<long> caps, CancellationToken ct)
    {
        var lifetime = TimeSpan.FromSeconds(600 + ((caps.Count + 2) * messages * (gap.TotalSeconds + 0.2)));
        await using var server = await VideoServer.StartAsync(videoSeconds, lifetime, ct);
        Console.WriteLine();
        Console.WriteLine($"started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {ProcessStats.LoadAverage()}; {messages} messages per row after {WarmUpMessages} warm-up messages, {gap.TotalMilliseconds:0} ms apart");

        var table = new Table("viewer's connection meanwhile", "video MB/s", "messages", "p50 ms", "p99 ms", "max ms", "server CPU %", "others' CPU %");
        var conditions = new List<(string Label, bool Stream, long? Cap)> { ("idle (no video)", false, null), ("1080p at full speed", true, null) };
        conditions.AddRange(caps.Select(cap => ($"1080p capped at {Rate(cap)}", true, (long?)cap)));
        var row = 0;
        foreach (var (label, stream, cap) in conditions)
        {
            var result = await MeasureAsync(server, row++, stream, cap, messages, gap, ct);
            var sorted = result.LatenciesMs.Order().ToList();
            table.Add(
                label,
                (result.VideoBytes / result.Cpu.Elapsed.TotalSeconds / 1e6).ToString("0.0", CultureInfo.InvariantCulture),
                sorted.Count.ToString(CultureInfo.InvariantCulture),
                Percentile(sorted, 50).ToString("0.0", CultureInfo.InvariantCulture),
                Percentile(sorted, 99).ToString("0.0", CultureInfo.InvariantCulture),
                sorted[^1].ToString("0.0", CultureInfo.InvariantCulture),
                (100 * result.Cpu.Server.TotalSeconds / result.Cpu.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture),
                (100 * result.Cpu.Others.TotalSeconds / result.Cpu.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"ended {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {ProcessStats.LoadAverage()}");
        return 0;
    }

    private static async Task<Outcome> MeasureAsync(VideoServer server, int row, bool stream, long? cap, int messages, TimeSpan gap, CancellationToken ct)
    {
        var viewerName = string.Create(CultureInfo.InvariantCulture, $"chat-viewer-{row}");
        var senderName = string.Create(CultureInfo.InvariantCulture, $"chat-sender-{row}");
        server.ShareIdentity(viewerName);
        server.ShareIdentity(senderName);
        await using var viewer = await server.ConnectAsync(viewerName, ct, cap);
        await using var sender = await server.ConnectAsync(senderName, ct);
        var arrivals = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var listening = ListenAsync(viewer, arrivals, stop.Token);

        // Warm-up before the video starts: the viewer pins the sender's key, JIT settles.
        for (var i = 0; i < WarmUpMessages; i++)
        {
            await SendAndWaitAsync(sender, viewerName, "warm-up " + i.ToString(CultureInfo.InvariantCulture), arrivals, ct);
        }

        var segments = (await viewer.DescribeVideoAsync(BenchVideo.Name, ct)).Renditions.Single(r => r.Height == 1080).Segments;
        var counted = new CountingNullStream();
        var streaming = stream ? StreamAsync(viewer, segments.Count, counted, stop.Token) : Task.CompletedTask;
        // Let the stream reach its steady state (the window full) before the first measured message.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        var window = CpuWindow.Start(server.Process.Pid);
        var startBytes = counted.Bytes;
        var latencies = new List<double>(messages);
        for (var i = 0; i < messages; i++)
        {
            latencies.Add(await SendAndWaitAsync(sender, viewerName, "m " + i.ToString(CultureInfo.InvariantCulture), arrivals, ct));
            await Task.Delay(gap, ct);
        }

        var cpu = window.Stop();
        var videoBytes = counted.Bytes - startBytes;
        if (stream && streaming.IsCompleted)
        {
            await streaming;
            throw new InvalidOperationException("the viewer's stream ended early");
        }

        await stop.CancelAsync();
        await streaming;
        await listening;
        return new Outcome(latencies, videoBytes, cpu);
    }

    private static async Task<double> SendAndWaitAsync(
        ParleyClient sender, string to, string text, ConcurrentDictionary<string, TaskCompletionSource<long>> arrivals, CancellationToken ct)
    {
        var arrived = arrivals.GetOrAdd(text, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        var start = Stopwatch.GetTimestamp();
        var outcome = await sender.SendTextAsync(to, text, ct);
        if (!outcome.Delivered)
        {
            throw new InvalidOperationException($"'{text}' was not delivered: {outcome.Detail}");
        }

        var end = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        arrivals.TryRemove(text, out _);
        return Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
    }

    private static async Task ListenAsync(ParleyClient viewer, ConcurrentDictionary<string, TaskCompletionSource<long>> arrivals, CancellationToken ct)
    {
        try
        {
            await foreach (var e in viewer.Events.ReadAllAsync(ct))
            {
                var now = Stopwatch.GetTimestamp();
                if (e is MessageReceivedEvent received)
                {
                    arrivals.GetOrAdd(received.Message.Text, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
                }
                else if (e is MessageRejectedEvent rejected)
                {
                    await Console.Error.WriteLineAsync($"the viewer refused a message: {rejected.Reason}");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The row is done.
        }
    }

    private static async Task StreamAsync(ParleyClient viewer, int segments, Stream output, CancellationToken ct)
    {
        try
        {
            for (var index = 0; ; index = (index + 1) % segments)
            {
                await viewer.ReadSegmentAsync(BenchVideo.Name, 1080, index, output, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The row is done.
        }
    }

    private static double Percentile(List<double> sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Rate(long bytesPerSecond) => bytesPerSecond % (1024 * 1024) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / (1024 * 1024)} MiB/s")
        : string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1024.0:0.#} KiB/s");

    private sealed record Outcome(List<double> LatenciesMs, long VideoBytes, CpuUse Cpu);

    /// <summary>Stream.Null that counts what it is given.</summary>
    private sealed class CountingNullStream : Stream
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Bytes;

        public override long Position
        {
            get => Bytes;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Interlocked.Add(ref _bytes, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref _bytes, buffer.Length);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
