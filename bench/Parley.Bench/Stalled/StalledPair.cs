using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Google.Protobuf;
using Parley.Bench.Relay;
using Parley.Bench.Wire;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Bench.Stalled;

/// <summary>
/// One more sender/receiver pair beside the measured ones, offering the same fixed load in both runs: its receiver
/// either reads (and drops) everything, or never reads at all. A never-reading receiver that the server cuts
/// (SLOW_CONSUMER) logs in again at once and goes on not reading, so the stall lasts the whole run.
/// </summary>
internal sealed class StalledPair(IPEndPoint server, Identity senderKey, Identity receiverKey, bool stalled, int payloadBytes, double messagesPerSecond) : IAsyncDisposable
{
    private const string SenderName = "bench-stalled-sender";
    private const string ReceiverName = "bench-stalled-reader";
    private const int SocketBufferBytes = 64 * 1024;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<ParleyWire> _wires = [];
    private readonly List<Task> _loops = [];
    private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SendAnswers _answers = new();
    private long _busy;
    private long _offline;
    private int _logins;

    public long Accepted => _answers.Answered - _answers.Failed;

    public long Busy => Interlocked.Read(ref _busy);

    /// <summary>Times the receiver was found gone (cut by the server) and logged in again.</summary>
    public int Cuts => Math.Max(0, Volatile.Read(ref _logins) - 1);

    /// <summary>Logs both in and starts sending; when stalled, returns once the server first refused a send as RECIPIENT_BUSY.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await LoginReceiverAsync(ct);
        var sender = await ParleyWire.ConnectAsync(server, IPAddress.Loopback, SocketBufferBytes, ct);
        _wires.Add(sender);
        await sender.LoginAsync(SenderName, senderKey, presence: false, ct);
        Track(SendAsync(sender.Output, _stop.Token));
        Track(ReadResultsAsync(sender.Input, _stop.Token));
        if (stalled)
        {
            await _full.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        List<ParleyWire> wires;
        lock (_wires)
        {
            wires = [.. _wires];
        }

        foreach (var wire in wires)
        {
            await wire.DisposeAsync();
        }

        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private void Track(Task loop)
    {
        lock (_loops)
        {
            _loops.Add(loop);
        }
    }

    private async Task LoginReceiverAsync(CancellationToken ct)
    {
        var receiver = await ParleyWire.ConnectAsync(server, IPAddress.Loopback, SocketBufferBytes, ct);
        lock (_wires)
        {
            _wires.Add(receiver);
        }

        await receiver.LoginAsync(ReceiverName, receiverKey, presence: false, ct);
        Interlocked.Increment(ref _logins);
        if (!stalled)
        {
            Track(DrainAsync(receiver.Input, _stop.Token));
        }
    }

    private async Task SendAsync(PipeWriter output, CancellationToken ct)
    {
        var frame = new ClientFrame { Send = new SendMessage { To = ReceiverName, Sealed = ByteString.CopyFrom(new byte[payloadBytes]) } };
        var pacer = new Pacer(messagesPerSecond);
        try
        {
            for (long sequence = 0; !ct.IsCancellationRequested; sequence++)
            {
                await pacer.WaitForTurnAsync(sequence, ct);
                frame.Send.RequestId = (ulong)sequence + 1;
                FrameCodec.WriteFrame(output, frame);
                await output.FlushAsync(ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped: the run is over.
        }
    }

    private async Task ReadResultsAsync(PipeReader input, CancellationToken ct)
    {
        var relogging = 0;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(ct);
                var buffer = result.Buffer;
                while (FrameCodec.TryReadFrame(ref buffer, ParleyWire.MaxServerFrameBytes, out var body))
                {
                    var frame = FrameCodec.ParseServerFrame(body);

                    // Protocol v3 stores a message for an offline name (OK + queued, or QUEUE_FULL): for this bench the receiver is offline.
                    _answers.Count(frame);
                    var code = frame.SendResult is { Code: ErrorCode.Ok, Queued: true } or { Code: ErrorCode.QueueFull }
                        ? ErrorCode.RecipientOffline
                        : frame.SendResult?.Code;
                    switch (code)
                    {
                        case ErrorCode.RecipientBusy:
                            Interlocked.Increment(ref _busy);
                            _full.TrySetResult();
                            break;
                        case ErrorCode.RecipientOffline when Interlocked.Exchange(ref relogging, 1) == 0:
                            Interlocked.Increment(ref _offline);
                            Track(Task.Run(async () =>
                            {
                                await LoginReceiverAsync(ct);
                                Volatile.Write(ref relogging, 0);
                            }, ct));
                            break;
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
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

    private static async Task DrainAsync(PipeReader input, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(ct);
                input.AdvanceTo(result.Buffer.End);
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
}
