using System.Diagnostics.Metrics;
using Parley.Crypto.Sessions;

namespace Parley.Client;

/// <summary>
/// One client's counters of what it refused or held back (docs/sessions.md §13, "Client settings and counters"), readable here
/// (<see cref="ParleyClient.Metrics"/>) and as <see cref="System.Diagnostics.Metrics"/> instruments on the "Parley.Client"
/// meter, from <see cref="ParleyClientOptions.MeterFactory"/> when given (an application's OpenTelemetry or
/// dotnet-counters sees them), else a meter of the client's own.
/// </summary>
public sealed class ClientMetrics : IDisposable
{
    public const string MeterName = "Parley.Client";

    private static readonly SessionRejection[] s_reasons = Enum.GetValues<SessionRejection>();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly long[] _refused = new long[s_reasons.Length];
    private readonly KeyValuePair<string, object?>[] _reasonTags;
    private readonly Counter<long> _refusedCounter;
    private readonly Counter<long> _noticesSent;
    private readonly Counter<long> _noticesHeld;
    private readonly Counter<long> _resets;
    private readonly Counter<long> _resetsHeld;
    private readonly Counter<long> _refillsHeld;
    private long _noticesSentCount;
    private long _noticesHeldCount;
    private long _resetsCount;
    private long _resetsHeldCount;
    private long _refillsHeldCount;

    internal ClientMetrics(IMeterFactory? factory)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _reasonTags = [.. s_reasons.Select(r => new KeyValuePair<string, object?>("reason", ReasonTag(r)))];
        _refusedCounter = _meter.CreateCounter<long>("session.refused", "{message}", "Session messages refused, by reason (replayed, tampered, no_session, too_many_skipped…)");
        _noticesSent = _meter.CreateCounter<long>("session.notices.sent", "{notice}", "Lost-session notices sent back for a message of a session this home lacks");
        _noticesHeld = _meter.CreateCounter<long>("session.notices.held", "{notice}", "Lost-session notices not sent: one went to that sender key within NoticeInterval");
        _resets = _meter.CreateCounter<long>("session.resets", "{reset}", "Sessions deleted because the peer's notice said it lost them");
        _resetsHeld = _meter.CreateCounter<long>("session.resets.held", "{notice}", "Received notices ignored: one reset a session with that key within NoticeResetInterval");
        _refillsHeld = _meter.CreateCounter<long>("prekeys.refills_held", "{refill}", "Prekey refills held back: the server asked for more one-time prekeys than the hourly bound");
    }

    /// <summary>Session messages (format 2) refused for <paramref name="reason"/>; <see cref="SessionRejection.NoSession"/>: of a session this home lacks.</summary>
    public long SessionMessagesRefused(SessionRejection reason) => Interlocked.Read(ref _refused[Index(reason)]);

    /// <summary>SESSION_UNKNOWN notices sent back.</summary>
    public long NoticesSent => Interlocked.Read(ref _noticesSentCount);

    /// <summary>Notices not sent because one went to the same sender key within <see cref="ParleyClientOptions.NoticeInterval"/>.</summary>
    public long NoticesHeld => Interlocked.Read(ref _noticesHeldCount);

    /// <summary>Sessions deleted because the peer's notice said it lost them (<see cref="SessionResetEvent"/>).</summary>
    public long SessionResets => Interlocked.Read(ref _resetsCount);

    /// <summary>Received notices ignored because one already reset a session with that key within <see cref="ParleyClientOptions.NoticeResetInterval"/>.</summary>
    public long SessionResetsHeld => Interlocked.Read(ref _resetsHeldCount);

    /// <summary>Prekey refills held back (<see cref="PrekeyRefillHeldEvent"/>).</summary>
    public long PrekeyRefillsHeld => Interlocked.Read(ref _refillsHeldCount);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    internal void Refused(SessionRejection reason)
    {
        var index = Index(reason);
        Interlocked.Increment(ref _refused[index]);
        _refusedCounter.Add(1, _reasonTags[index]);
    }

    internal void NoticeSent() => Count(ref _noticesSentCount, _noticesSent);

    internal void NoticeHeld() => Count(ref _noticesHeldCount, _noticesHeld);

    internal void SessionReset() => Count(ref _resetsCount, _resets);

    internal void SessionResetHeld() => Count(ref _resetsHeldCount, _resetsHeld);

    internal void PrekeyRefillHeld() => Count(ref _refillsHeldCount, _refillsHeld);

    /// <summary>The "reason" tag: the rejection's name in snake case (too_many_skipped).</summary>
    internal static string ReasonTag(SessionRejection reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static int Index(SessionRejection reason) => Array.IndexOf(s_reasons, reason) is var i and >= 0 ? i : throw new ArgumentOutOfRangeException(nameof(reason));

    private static void Count(ref long total, Counter<long> counter)
    {
        Interlocked.Increment(ref total);
        counter.Add(1);
    }
}
