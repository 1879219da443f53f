using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// Keeps a logged-in connection alive and notices a server that is gone: sends a Ping when this client has
/// sent nothing for <see cref="HeartbeatTimes.Interval"/>, and reports the server silent when nothing at all
/// arrived for <see cref="HeartbeatTimes.ServerSilence"/>.
/// </summary>
internal static class ConnectionHeartbeat
{
    // Pongs echo the nonce where answers echo request ids: the heartbeat's are far above any request id, so its
    // Pongs never meet a waiting request (which would take them for a wrong answer).
    private const ulong FirstNonce = 1UL << 63;

    /// <param name="silent">Called once, with the reason, when the server has been silent too long; the loop then ends.</param>
    public static async Task RunAsync(FrameConnection frames, HeartbeatTimes times, Action<string> silent, CancellationToken ct)
    {
        var tick = times.Interval / 4;
        var nonce = FirstNonce;
        try
        {
            while (true)
            {
                await Task.Delay(tick, ct).ConfigureAwait(false);
                var now = Environment.TickCount64;
                if (now - frames.LastReceivedMs > (long)times.ServerSilence.TotalMilliseconds)
                {
                    silent($"the server answered nothing for {times.ServerSilence.TotalSeconds:0.#} s: it is gone or unreachable");
                    return;
                }

                if (now - frames.LastSentMs >= (long)times.Interval.TotalMilliseconds)
                {
                    await frames.SendAsync(new ClientFrame { Ping = new Ping { Nonce = ++nonce } }, ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException)
        {
            // Closing, or the connection is gone: the read loop reports why.
        }
    }
}
