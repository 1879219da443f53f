using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Parley.Protocol.Messages;

namespace Parley.Server.Metrics;

/// <summary>
/// The server's counters, as <see cref="System.Diagnostics.Metrics"/> instruments on the "Parley.Server" meter:
/// every layer records through this one object, and the exporter (<c>/metrics</c>) only reads the meter, so
/// nothing below Hosting knows how metrics leave the process. Instrument names are scoped by the meter: prometheus-net
/// exports <c>logins</c> of "Parley.Server" as <c>parley_server_logins</c> (README "Metrics").
/// </summary>
public sealed class ServerMetrics
{
    public const string MeterName = "Parley.Server";

    private readonly Counter<long> _connectionsOpened;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _connectionsActive = new(StringComparer.Ordinal);
    private readonly Counter<long> _logins;
    private readonly Counter<long> _messagesRelayed;
    private readonly Counter<long> _messageBytes;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _refusalsClosedBeforeTls;
    private readonly Counter<long> _queueDrops;
    private readonly Counter<long> _videoSessions;
    private readonly Counter<long> _segmentBytes;
    private readonly Counter<long> _sendsHeldBack;
    private readonly Counter<double> _heldBackSeconds;
    private Func<long>? _queuedBytes;
    private readonly Counter<long> _prekeyUploads;
    private readonly Counter<long> _bundles;
    private readonly Counter<long> _bundlesWithoutOneTime;
    private readonly Counter<long> _prekeyStatusPushes;
    private readonly Counter<long> _offlineStored;
    private readonly Counter<long> _offlineStoredBytes;
    private readonly Counter<long> _offlineDelivered;
    private readonly Counter<long> _offlineAcknowledged;
    private readonly Counter<long> _offlineRefused;
    private readonly Counter<long> _offlineExpired;
    private Func<long>? _offlineQueuedBytes;

    public ServerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _connectionsOpened = meter.CreateCounter<long>("connections.opened", "{connection}", "Connections accepted, by transport");
        // Observed, not added to: an exporter reads the number itself, so it is right whenever it is read.
        meter.CreateObservableUpDownCounter("connections.active", ObserveActiveConnections, "{connection}", "Connections open now, by transport");
        _logins = meter.CreateCounter<long>("logins", "{login}", "Logins by outcome (OK or the refusal's error code)");
        _messagesRelayed = meter.CreateCounter<long>("messages.relayed", "{message}", "Sealed messages handed to at least one recipient connection");
        _messageBytes = meter.CreateCounter<long>("messages.bytes", "By", "Sealed bytes of relayed messages (once per message, not per recipient connection)");
        _refusals = meter.CreateCounter<long>("refusals", "{refusal}", "Requests and connections refused, by error code");
        _refusalsClosedBeforeTls = meter.CreateCounter<long>(
            "refusals.closed_before_tls", "{connection}", "Refused connections closed before TLS, untold, because RefusalHandshakesPerSecond was used up");
        _queueDrops = meter.CreateCounter<long>("queue.drops", "{frame}", "Frames not queued for a connection because its queue or the server's total was full, by frame kind");
        _videoSessions = meter.CreateCounter<long>("video.sessions", "{session}", "Videos started: a description served over a Parley connection or a master playlist over HTTP");
        _segmentBytes = meter.CreateCounter<long>("segment.bytes", "By", "Video segment bytes sent, by transport (parley or hls)");
        meter.CreateObservableGauge(
            "queue.bytes",
            () => Volatile.Read(ref _queuedBytes)?.Invoke() ?? 0,
            "By",
            "Bytes of frames waiting in all connections' outbound queues (bounded by OutboundQueueTotalBytes)");
        _sendsHeldBack = meter.CreateCounter<long>(
            "sends.held_back", "{send}", "Sends after which the sender's connection was held back, its delivery budget spent (DeliveryBytesPerSecond)");
        _heldBackSeconds = meter.CreateCounter<double>(
            "sends.held_back.seconds", "s", "Time connections were held back by their delivery budget before their next frame was read");
        _prekeyUploads = meter.CreateCounter<long>("prekeys.uploads", "{upload}", "Prekey uploads stored");
        _bundles = meter.CreateCounter<long>("prekeys.bundles", "{bundle}", "Prekey bundles handed out");
        _bundlesWithoutOneTime = meter.CreateCounter<long>(
            "prekeys.bundles.without_one_time", "{bundle}", "Prekey bundles handed out without a one-time prekey (none left, or rationed per fetcher)");
        _prekeyStatusPushes = meter.CreateCounter<long>("prekeys.status_pushes", "{frame}", "PrekeyStatus frames pushed to owners whose one-time prekeys ran low");
        _offlineStored = meter.CreateCounter<long>("offline.stored", "{message}", "Messages for offline names stored in the offline queue");
        _offlineStoredBytes = meter.CreateCounter<long>("offline.stored.bytes", "By", "Sealed bytes stored in the offline queue");
        _offlineDelivered = meter.CreateCounter<long>(
            "offline.delivered", "{delivery}", "Queued messages written to a connection that takes the queue (again at every such login until acknowledged)");
        _offlineAcknowledged = meter.CreateCounter<long>("offline.acknowledged", "{message}", "Queued messages deleted because their recipient acknowledged them");
        _offlineRefused = meter.CreateCounter<long>(
            "offline.refused", "{message}", "Messages for offline names not stored, by reason (count, bytes, total: QUEUE_FULL; failed: INTERNAL)");
        _offlineExpired = meter.CreateCounter<long>("offline.expired", "{message}", "Queued messages deleted unacknowledged after QueueMaxAge");
        meter.CreateObservableGauge(
            "offline.bytes",
            () => Volatile.Read(ref _offlineQueuedBytes)?.Invoke() ?? 0,
            "By",
            "Sealed bytes in the offline queue now (bounded by QueueMaxTotalBytes)");
    }

    public void OfflineStored(int sealedBytes)
    {
        _offlineStored.Add(1);
        _offlineStoredBytes.Add(sealedBytes);
    }

    public void OfflineDelivered(int deliveries) => _offlineDelivered.Add(deliveries);

    public void OfflineAcknowledged(int messages) => _offlineAcknowledged.Add(messages);

    public void OfflineExpired(int messages) => _offlineExpired.Add(messages);

    /// <summary>A message the offline queue did not store; <paramref name="reason"/> is "count", "bytes", "total" or "failed".</summary>
    public void OfflineRefused(string reason) =>
        _offlineRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Where the offline-queue bytes gauge reads from, read only when metrics are collected.</summary>
    public void ObserveOfflineQueuedBytes(Func<long> read) => Volatile.Write(ref _offlineQueuedBytes, read);

    public void ConnectionOpened(string transport)
    {
        _connectionsOpened.Add(1, new KeyValuePair<string, object?>("transport", transport));
        Interlocked.Increment(ref _connectionsActive.GetOrAdd(transport, static _ => new StrongBox<long>()).Value);
    }

    public void ConnectionClosed(string transport) =>
        Interlocked.Decrement(ref _connectionsActive.GetOrAdd(transport, static _ => new StrongBox<long>()).Value);

    /// <summary>A login decided: <see cref="ErrorCode.Ok"/> when accepted, else the code the client was refused with.</summary>
    public void LoginDecided(ErrorCode outcome) =>
        _logins.Add(1, new KeyValuePair<string, object?>("outcome", CodeName(outcome)));

    /// <summary>Messages relayed, counted once per sender's read turn (<see cref="Sessions.SendTurn"/>): a measurement costs
    /// far more than relaying a small message.</summary>
    public void MessagesRelayed(long messages, long sealedBytes)
    {
        _messagesRelayed.Add(messages);
        _messageBytes.Add(sealedBytes);
    }

    /// <summary>Anything refused with an error code: a send result that is not OK, a fatal error, a rate or connection limit.</summary>
    public void Refused(ErrorCode code) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("code", CodeName(code)));

    /// <summary>
    /// A connection refused and closed before its TLS handshake, so never told <paramref name="code"/>: counted
    /// under refusals like any other, and apart as closed before TLS.
    /// </summary>
    public void RefusedBeforeTls(ErrorCode code)
    {
        Refused(code);
        _refusalsClosedBeforeTls.Add(1);
    }

    /// <summary>A frame that did not fit a connection's queue; <paramref name="frameKind"/> is e.g. "delivery" or "segment_chunk".</summary>
    public void QueueDropped(string frameKind) =>
        _queueDrops.Add(1, new KeyValuePair<string, object?>("kind", frameKind));

    /// <summary>Where the queued-bytes gauge reads from (the server's outbound queues), read only when metrics are collected.</summary>
    public void ObserveQueuedBytes(Func<long> read) => Volatile.Write(ref _queuedBytes, read);

    /// <summary>
    /// Counts the refusal a frame the server sends carries, if any: a fatal <see cref="Error"/>, or a result whose code
    /// is not OK. The connection's writer calls this for every frame it writes, so every refusal is counted at one
    /// place however it was produced. A fatal SLOW_CONSUMER also counts as a dropped "frame": the connection's queue
    /// could not take a frame it had to get, and what was queued is dropped with it.
    /// </summary>
    public void FrameSent(ServerFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var code = frame.BodyCase switch
        {
            ServerFrame.BodyOneofCase.Error => frame.Error.Code,
            ServerFrame.BodyOneofCase.SendResult => frame.SendResult.Code,
            ServerFrame.BodyOneofCase.LookupResult => frame.LookupResult.Code,
            ServerFrame.BodyOneofCase.VideoDescription => frame.VideoDescription.Code,
            ServerFrame.BodyOneofCase.SegmentChunk => frame.SegmentChunk.Code,
            ServerFrame.BodyOneofCase.VideoUrl => frame.VideoUrl.Code,
            ServerFrame.BodyOneofCase.PrekeysStored => frame.PrekeysStored.Code,
            ServerFrame.BodyOneofCase.Bundle => frame.Bundle.Code,
            _ => ErrorCode.Ok,
        };
        if (code is not (ErrorCode.Ok or ErrorCode.SlowConsumer))
        {
            Refused(code);
        }
    }

    /// <summary>A connection whose sends spent its delivery budget waited <paramref name="waited"/> before its next frame was read.</summary>
    public void SendHeldBack(TimeSpan waited)
    {
        _sendsHeldBack.Add(1);
        _heldBackSeconds.Add(waited.TotalSeconds);
    }

    public void PrekeysUploaded() => _prekeyUploads.Add(1);

    public void BundleHandedOut(bool withOneTimePrekey)
    {
        _bundles.Add(1);
        if (!withOneTimePrekey)
        {
            _bundlesWithoutOneTime.Add(1);
        }
    }

    public void PrekeyStatusPushed() => _prekeyStatusPushes.Add(1);

    public void VideoSessionStarted(string transport) =>
        _videoSessions.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void SegmentBytesSent(string transport, long bytes) =>
        _segmentBytes.Add(bytes, new KeyValuePair<string, object?>("transport", transport));

    private IEnumerable<Measurement<long>> ObserveActiveConnections() =>
        _connectionsActive.Select(pair => new Measurement<long>(
            Volatile.Read(ref pair.Value.Value), new KeyValuePair<string, object?>("transport", pair.Key)));

    private static string CodeName(ErrorCode code) =>
        s_codeNames.TryGetValue(code, out var name) ? name : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // ERROR_CODE_NAME_TAKEN -> NAME_TAKEN, as docs/protocol.md writes the codes; computed once so recording never allocates.
    private static readonly Dictionary<ErrorCode, string> s_codeNames = ParleyReflection.Descriptor.EnumTypes
        .Single(type => type.Name == nameof(ErrorCode)).Values
        .ToDictionary(value => (ErrorCode)value.Number, value => value.Name["ERROR_CODE_".Length..]);
}
