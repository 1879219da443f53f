using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Google.Protobuf;
using Parley.Bench.Wire;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Bench.Relay;

/// <summary>
/// The relay workload against a Parley server: per pair, a sender and a receiver, each logged in
/// with its own RSA identity; the sender sends one real sealed message (sealed once, resent as
/// the same bytes: the server never opens it) as fast as its window allows: by default a message of a session set up
/// between the pair's identities (envelope format 2), or an RSA-sealed one (format 1).
/// </summary>
internal sealed class ParleyRelay(string system, IPEndPoint server, int serverPid, bool insecure, RelaySettings settings, PairIdentities identities)
{
    // Flush a sender's batch after this many frames even if it still has credit.
    private const int FramesPerFlush = 64;
    private const int SocketBufferBytes = 64 * 1024;

    public async Task<RelayMeasurement> RunAsync(int round, CancellationToken ct)
    {
        var flows = new PairFlow[settings.Pairs];
        var senders = new ParleyWire[settings.Pairs];
        var receivers = new ParleyWire[settings.Pairs];
        var sealedBytes = 0;
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = new List<Task>();
        var stores = Directory.CreateTempSubdirectory("parley-bench-sessions-");
        try
        {
            for (var i = 0; i < settings.Pairs; i++)
            {
                var senderName = $"bench-sender-{i}";
                var receiverName = $"bench-receiver-{i}";
                receivers[i] = await ParleyWire.ConnectAsync(server, IPAddress.Loopback, SocketBufferBytes, ct, insecure);
                await receivers[i].LoginAsync(receiverName, identities.Receivers[i], presence: false, ct);
                senders[i] = await ParleyWire.ConnectAsync(server, IPAddress.Loopback, SocketBufferBytes, ct, insecure);
                await senders[i].LoginAsync(senderName, identities.Senders[i], presence: false, ct);

                var sealedMessage = Seal(i, senderName, receiverName, Text(settings.PayloadBytes, round), stores.FullName);
                sealedBytes = sealedMessage.Length;
                flows[i] = new PairFlow(settings.Window, needsAcknowledgement: true);
                var send = new SendMessage { To = receiverName, Sealed = ByteString.CopyFrom(sealedMessage) };
                loops.Add(ReceiveDeliveriesAsync(receivers[i].Input, flows[i], stopReading.Token));
                loops.Add(ReceiveResultsAsync(senders[i].Input, flows[i], stopReading.Token));
                loops.Add(SendAsync(senders[i].Output, send, flows[i], stopSending.Token));
            }

            var measurement = await RelayWindow.MeasureAsync(
                system, sealedBytes, flows, serverPid, settings, () => Problems(flows, loops), ct);
            await stopSending.CancelAsync();
            await RelayWindow.DrainAsync(flows, ct);
            return measurement with { Problems = Problems(flows, loops) };
        }
        finally
        {
            await stopSending.CancelAsync();
            await stopReading.CancelAsync();
            foreach (var wire in senders.Concat(receivers).OfType<ParleyWire>())
            {
                await wire.DisposeAsync();
            }

            await Task.WhenAll(loops).ContinueWith(static _ => { }, TaskScheduler.Default);
            foreach (var flow in flows.OfType<PairFlow>())
            {
                flow.Dispose();
            }

            stores.Delete(recursive: true);
        }
    }

    /// <summary>Pair <paramref name="pair"/>'s one message, sealed once in the envelope the run asks for.</summary>
    private byte[] Seal(int pair, string senderName, string receiverName, string text, string storesFolder) =>
        settings.Envelope == RelayEnvelope.Session
            ? PairSessionEnvelope.Seal(identities.Senders[pair], senderName, identities.Receivers[pair], receiverName, text, Path.Combine(storesFolder, $"pair-{pair}"))
            : MessageSealer.Seal(identities.Senders[pair], senderName, identities.Receivers[pair].PublicKey, receiverName, text, DateTimeOffset.UtcNow);

    /// <summary>Exactly <paramref name="bytes"/> bytes of UTF-8 text, different per round.</summary>
    private static string Text(int bytes, int round)
    {
        var text = new StringBuilder(bytes);
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append((char)('a' + ((i + round) % 26)));
        }

        return text.ToString();
    }

    private static string Problems(PairFlow[] flows, List<Task> loops)
    {
        var problems = new List<string>();
        var failed = flows.Sum(f => f.Failed);
        if (failed > 0)
        {
            problems.Add($"{failed} sends refused (latency pairing is off)");
        }

        problems.AddRange(loops.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!.Message).Distinct());
        return string.Join("; ", problems);
    }

    private async Task SendAsync(PipeWriter output, SendMessage send, PairFlow flow, CancellationToken ct)
    {
        var frame = new ClientFrame { Send = send };
        var pacer = new Pacer(settings.RatePerPair);
        var allowed = pacer.Allowed;
        var batched = 0;
        try
        {
            // Request ids start at 1: a send's id must be above the connection's previous one (protocol v3), and ids
            // 1..n let SendAcks count answers as its up_to.
            for (long sequence = 0; sequence < settings.MaxMessagesPerPair && !ct.IsCancellationRequested; sequence++)
            {
                if (sequence >= allowed)
                {
                    await output.FlushAsync(ct);
                    batched = 0;
                    await pacer.WaitForTurnAsync(sequence, ct);
                    allowed = pacer.Allowed;
                }

                if (!flow.TryTakeCredit())
                {
                    await output.FlushAsync(ct);
                    batched = 0;
                    await flow.WaitForCreditAsync(ct);
                }

                send.RequestId = (ulong)sequence + 1;
                flow.StampSent(sequence);
                FrameCodec.WriteFrame(output, frame);
                if (++batched == FramesPerFlush)
                {
                    await output.FlushAsync(ct);
                    batched = 0;
                }
            }

            await output.FlushAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // Stopped: the run is over.
        }
    }

    private static async Task ReceiveDeliveriesAsync(PipeReader input, PairFlow flow, CancellationToken ct)
    {
        await ReadFramesAsync(input, (frames, receivedAt) =>
        {
            var count = 0;
            foreach (var frame in frames)
            {
                if (frame.BodyCase != ServerFrame.BodyOneofCase.Delivery)
                {
                    throw Unexpected(frame);
                }

                count++;
            }

            flow.OnDelivered(count, receivedAt);
        }, ct);
    }

    private static async Task ReceiveResultsAsync(PipeReader input, PairFlow flow, CancellationToken ct)
    {
        var answers = new SendAnswers();
        await ReadFramesAsync(input, (frames, _) =>
        {
            foreach (var frame in frames)
            {
                if (!answers.Count(frame))
                {
                    throw Unexpected(frame);
                }
            }

            flow.OnAnswered(answers.Answered, answers.Failed);
        }, ct);
    }

    /// <summary>Reads whatever has arrived, parses every whole frame in it, hands the batch on with the time it was read.</summary>
    private static async Task ReadFramesAsync(PipeReader input, Action<List<ServerFrame>, long> onBatch, CancellationToken ct)
    {
        var frames = new List<ServerFrame>(256);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(ct);
                var receivedAt = Stopwatch.GetTimestamp();
                var buffer = result.Buffer;
                frames.Clear();
                while (FrameCodec.TryReadFrame(ref buffer, ParleyWire.MaxServerFrameBytes, out var body))
                {
                    frames.Add(FrameCodec.ParseServerFrame(body));
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                onBatch(frames, receivedAt);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped, or the connection was closed at the end of the run.
        }
    }

    private static ParleyServerException Unexpected(ServerFrame frame) =>
        frame.BodyCase == ServerFrame.BodyOneofCase.Error
            ? new ParleyServerException(frame.Error.Code, frame.Error.Message)
            : new ParleyServerException(ErrorCode.UnexpectedFrame, $"unexpected {frame.BodyCase} frame");
}
