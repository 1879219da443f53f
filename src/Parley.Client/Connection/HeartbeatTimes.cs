using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// How often this client pings a quiet connection, and how long a silent server is waited for, from what the
/// server announced in Welcome, kept within bounds: a server is not trusted to make the client ping a thousand
/// times a second, nor to wait for ever.
/// </summary>
internal sealed record HeartbeatTimes(TimeSpan Interval, TimeSpan ServerSilence)
{
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan LongestSilence = TimeSpan.FromHours(4);

    /// <summary>Null when the server announced no heartbeat (protocol version 1): TCP keepalive alone notices a vanished server.</summary>
    public static HeartbeatTimes? From(Welcome welcome)
    {
        if (welcome.HeartbeatIntervalMs == 0)
        {
            return null;
        }

        var interval = Clamp(TimeSpan.FromMilliseconds(welcome.HeartbeatIntervalMs), ShortestInterval, LongestInterval);

        // A ping is answered within a round trip, so a live server is never silent for two intervals.
        var silence = welcome.IdleTimeoutMs == 0 ? 3 * interval : TimeSpan.FromMilliseconds(welcome.IdleTimeoutMs);
        return new HeartbeatTimes(interval, Clamp(silence, 2 * interval, LongestSilence));
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
