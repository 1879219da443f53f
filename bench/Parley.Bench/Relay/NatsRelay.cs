using System.Buffers.Binary;
using System.Diagnostics;
using NATS.Client.Core;

namespace Parley.Bench.Relay;

/// <summary>
/// The same relay workload against nats-server with the NATS.Net client: per pair, a publisher
/// connection and a subscriber connection on subject <c>pair.N</c>. Each payload carries its
/// sequence number in its first 8 bytes, so drops or reordering are detected, not assumed away.
/// </summary>
/// <param name="certificatePath">The server's self-signed certificate when it serves TLS (trusted as the only CA); null for plain TCP.</param>
internal sealed class NatsRelay(string url, int serverPid, RelaySettings settings, string? certificatePath = null)
{
    public async Task<RelayMeasurement> RunAsync(string system, int payloadBytes, CancellationToken ct)
    {
        var flows = new PairFlow[settings.Pairs];
        var connections = new List<NatsConnection>();
        var loops = new List<Task>();
        long dropped = 0;
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            for (var i = 0; i < settings.Pairs; i++)
            {
                var subject = $"pair.{i}";
                var subscriber = Connect($"bench-subscriber-{i}", connections);
                var publisher = Connect($"bench-publisher-{i}", connections);
                subscriber.MessageDropped += (_, _) =>
                {
                    Interlocked.Increment(ref dropped);
                    return ValueTask.CompletedTask;
                };
                await subscriber.ConnectAsync();
                await publisher.ConnectAsync();
                var subscription = await subscriber.SubscribeCoreAsync<byte[]>(subject, cancellationToken: ct);
                await subscriber.PingAsync(ct); // the SUB has reached the server before anything is published

                flows[i] = new PairFlow(settings.Window, needsAcknowledgement: false);
                loops.Add(ReceiveAsync(subscription, flows[i], stopReading.Token));
                loops.Add(PublishAsync(publisher, subject, payloadBytes, flows[i], stopSending.Token));
            }

            string Problems()
            {
                var problems = new List<string>();
                var outOfOrder = flows.Sum(f => f.OutOfOrder);
                if (Interlocked.Read(ref dropped) > 0 || outOfOrder > 0)
                {
                    problems.Add($"{Interlocked.Read(ref dropped)} dropped, {outOfOrder} out of order (latency pairing is off)");
                }

                problems.AddRange(loops.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!.Message).Distinct());
                return string.Join("; ", problems);
            }

            var measurement = await RelayWindow.MeasureAsync(system, payloadBytes, flows, serverPid, settings, Problems, ct);
            await stopSending.CancelAsync();
            await RelayWindow.DrainAsync(flows, ct);
            return measurement with { Problems = Problems() };
        }
        finally
        {
            await stopSending.CancelAsync();
            await stopReading.CancelAsync();
            await Task.WhenAll(loops).ContinueWith(static _ => { }, TaskScheduler.Default);
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            foreach (var flow in flows.OfType<PairFlow>())
            {
                flow.Dispose();
            }
        }
    }

    private NatsConnection Connect(string name, List<NatsConnection> connections)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = url,
            Name = name,
            SubPendingChannelCapacity = Math.Max(16_384, settings.Window * 2),
            TlsOpts = certificatePath is null
                ? new NatsTlsOpts { Mode = TlsMode.Disable }
                : new NatsTlsOpts { Mode = TlsMode.Require, CaFile = certificatePath },
        });
        connections.Add(connection);
        return connection;
    }

    private async Task PublishAsync(NatsConnection publisher, string subject, int payloadBytes, PairFlow flow, CancellationToken ct)
    {
        var payload = new byte[Math.Max(payloadBytes, sizeof(long))];
        var pacer = new Pacer(settings.RatePerPair);
        var allowed = pacer.Allowed;
        try
        {
            for (long sequence = 0; sequence < settings.MaxMessagesPerPair && !ct.IsCancellationRequested; sequence++)
            {
                if (sequence >= allowed)
                {
                    await pacer.WaitForTurnAsync(sequence, ct);
                    allowed = pacer.Allowed;
                }

                if (!flow.TryTakeCredit())
                {
                    await flow.WaitForCreditAsync(ct);
                }

                BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
                flow.StampSent(sequence);
                await publisher.PublishAsync(subject, payload, cancellationToken: ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the run is over.
        }
    }

    private static async Task ReceiveAsync(INatsSub<byte[]> subscription, PairFlow flow, CancellationToken ct)
    {
        var messages = subscription.Msgs;
        long expected = 0;
        long outOfOrder = 0;
        try
        {
            while (await messages.WaitToReadAsync(ct))
            {
                var receivedAt = Stopwatch.GetTimestamp();
                var count = 0;

                // Only what had arrived when the batch's time was taken; later messages get a later time.
                var available = messages.CanCount ? messages.Count : int.MaxValue;
                while (count < available && messages.TryRead(out var message))
                {
                    if (message.Data is not { } data || BinaryPrimitives.ReadInt64LittleEndian(data) != expected)
                    {
                        flow.OutOfOrder = ++outOfOrder;
                    }

                    expected++;
                    count++;
                }

                flow.OnDelivered(count, receivedAt);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the run is over.
        }
    }
}
