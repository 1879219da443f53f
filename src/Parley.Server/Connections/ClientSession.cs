using Microsoft.AspNetCore.Connections;
using Parley.Protocol.Messages;
using Parley.Server.Registry;

namespace Parley.Server.Connections;

/// <summary>
/// One client connection: where it is in the handshake, who it logged in as, and its outbound queue.
/// Kept small: at 10,000 idle connections every field counts.
/// </summary>
internal sealed class ClientSession
{
    private ITimer? _loginTimer;

    public ClientSession(ConnectionContext connection, Outbox outbox)
    {
        Connection = connection;
        Outbox = outbox;
    }

    public ConnectionContext Connection { get; }

    public Outbox Outbox { get; }

    /// <summary>Only the connection's read loop changes it.</summary>
    public SessionState State { get; set; }

    /// <summary>Set between Welcome and Login, then dropped.</summary>
    public byte[]? Challenge { get; set; }

    /// <summary>From Hello, for the login log line; dropped after login.</summary>
    public string? ClientSoftware { get; set; }

    /// <summary>The name this connection logged in as; null before login.</summary>
    public RegisteredName? Identity { get; set; }

    public bool WantsPresence { get; set; }

    /// <summary>FetchSegment requests being answered; changed with Interlocked by the video handler.</summary>
    public int VideoFetchesInFlight;

    public bool IsClosing => Outbox.IsClosed;

    public void StartLoginTimer(TimeSpan timeout) =>
        _loginTimer = TimeProvider.System.CreateTimer(
            static state => ((ClientSession)state!).OnLoginTimeout(),
            this,
            timeout,
            Timeout.InfiniteTimeSpan);

    public void StopLoginTimer() => Interlocked.Exchange(ref _loginTimer, null)?.Dispose();

    /// <summary>Queues a frame the client must get; a client too slow to take it is disconnected.</summary>
    public void SendOrDrop(ServerFrame frame) => SendOrDrop(QueuedFrame.Of(frame));

    /// <summary>Queues a frame the client must get; a client too slow to take it is disconnected.</summary>
    public void SendOrDrop(in QueuedFrame frame)
    {
        if (Outbox.TryEnqueue(frame, checkBytes: false) == EnqueueResult.Full)
        {
            Fail(ErrorCode.SlowConsumer, "the connection is not reading its frames fast enough", discardQueued: true);
        }
    }

    /// <summary>
    /// Ends the connection with a fatal error: stops reading, writes what is queued (unless
    /// <paramref name="discardQueued"/>), then the error, then closes. Only the first call counts.
    /// </summary>
    public void Fail(ErrorCode code, string message, bool discardQueued = false)
    {
        if (!Outbox.Close(ServerFrames.FatalError(code, message), discardQueued))
        {
            return;
        }

        StopLoginTimer();
        Connection.Transport.Input.CancelPendingRead();
        if (discardQueued)
        {
            Connection.Transport.Output.CancelPendingFlush();
        }
    }

    /// <summary>Ends the connection without an error (Goodbye, or the peer went away).</summary>
    public void Close()
    {
        if (Outbox.Close(null, discardQueued: false))
        {
            StopLoginTimer();
        }
    }

    private void OnLoginTimeout()
    {
        if (State != SessionState.LoggedIn)
        {
            Fail(ErrorCode.LoginTimeout, "login was not completed in time");
        }
    }
}
