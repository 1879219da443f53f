using System.Diagnostics.CodeAnalysis;
using Parley.Protocol.Messages;
using Parley.Server.Limits;
using Parley.Server.Registry;

namespace Parley.Server.Sessions;

/// <summary>
/// One client connection: where it is in the handshake, who it logged in as, and its outbound queue.
/// It does not know its transport: it reaches it only through <see cref="ISessionConnection"/>.
/// Kept small: at 10,000 idle connections every field counts.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "its CancellationTokenSource has no timer and no linked tokens: nothing to release")]
internal sealed class ClientSession
{
    // How the login ended, claimed once with Interlocked: completed by the login, or abandoned
    // (timed out, or the connection closed or is closing) by whichever came first.
    private const int LoginOpen = 0;
    private const int LoginCompleted = 1;
    private const int LoginAbandoned = 2;

    private int _loginOutcome;
    private ITimer? _loginTimer;
    private SendTurn? _sends;

    // Both only until the login's outcome is claimed.
    private CancellationTokenSource? _loginAbandoned = new();
    private CancellationTokenRegistration _onConnectionClosed;

    public ClientSession(ISessionConnection connection, Outbox outbox)
    {
        Connection = connection;
        Outbox = outbox;
        outbox.Owner = this;

        // A FIN or RST while the login waits for its signature check: the check is skipped and nothing registered.
        _onConnectionClosed = connection.ConnectionClosed.UnsafeRegister(
            static state => ((ClientSession)state!).TryAbandonLogin(), this);
    }

    public ISessionConnection Connection { get; }

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

    /// <summary>Login.receive_queued: this connection takes its name's offline queue (docs/protocol.md §12.2).</summary>
    public bool ReceivesQueued { get; set; }

    /// <summary>
    /// A send to an offline name being stored; set by the router, awaited (and cleared) by the dispatcher before the
    /// connection's next frame is read, so its answer comes before those of later sends.
    /// </summary>
    public Task? PendingStore { get; set; }

    /// <summary>What this connection holds of the server's admission limits; set by the transport when it admits it.</summary>
    public ConnectionAdmission? Admission { get; set; }

    /// <summary>
    /// The delivery work this connection's sends may still cause; made by the router at the first send it charges,
    /// waited on by the read loop. Both run on the connection's read loop only.
    /// </summary>
    public DeliveryBudget? DeliveryBudget { get; set; }

    /// <summary>The name this connection's last send went to; null before its first send.</summary>
    public string? LastSendTo => _sends?.LastTo;

    /// <summary>The current read turn's sends (<see cref="SendTurn"/>); made at the first send, used by the read loop only.</summary>
    public SendTurn Sends => _sends ??= new SendTurn();

    /// <summary>FetchSegment requests being answered; changed with Interlocked by the video handler.</summary>
    public int VideoFetchesInFlight;

    /// <summary>Other video requests waiting for the library's first load; changed with Interlocked by the video handler.</summary>
    public int VideoRequestsWaiting;

    public bool IsClosing => Outbox.IsClosed;

    /// <summary>Cancelled when the login can no longer complete: it timed out, or the connection closed or is closing.</summary>
    public CancellationToken LoginAbandonedToken => _loginAbandoned?.Token ?? CancellationToken.None;

    /// <summary>
    /// Claims the login's outcome for the login: after this it can no longer time out. False when it was
    /// abandoned first; the caller must then register and announce nothing.
    /// </summary>
    public bool TryCompleteLogin()
    {
        if (Interlocked.CompareExchange(ref _loginOutcome, LoginCompleted, LoginOpen) != LoginOpen)
        {
            return false;
        }

        StopLoginTimer();
        _onConnectionClosed.Dispose();
        _loginAbandoned = null;
        return true;
    }

    public void StartLoginTimer(TimeSpan timeout) =>
        _loginTimer = TimeProvider.System.CreateTimer(
            static state => ((ClientSession)state!).OnLoginTimeout(),
            this,
            timeout,
            Timeout.InfiniteTimeSpan);

    public void StopLoginTimer() => Interlocked.Exchange(ref _loginTimer, null)?.Dispose();

    /// <summary>
    /// Queues a message for this client under the byte budget: a router delivers through this, so a full
    /// queue means this recipient is busy, not that the message is lost for its other connections. The writer is
    /// woken when <paramref name="senderTurn"/> ends, once for all the turn's deliveries to this connection.
    /// </summary>
    public EnqueueResult TryDeliver(in QueuedFrame delivery, SendTurn senderTurn)
    {
        var result = Outbox.TryEnqueue(delivery, checkBytes: true, wake: false);
        if (result == EnqueueResult.Queued)
        {
            senderTurn.WakeAtEnd(Outbox);
        }
        else if (result is EnqueueResult.Full or EnqueueResult.ServerFull)
        {
            Outbox.ReportDropped("delivery");
        }

        return result;
    }

    /// <summary>
    /// The one way a send gets a SendResult of its own (an error, or queued for an offline recipient): written in order
    /// with this read turn's other answers, before the turn's SendAcks. A plainly delivered send is not answered here
    /// but through <see cref="SendTurn.Delivered"/>.
    /// </summary>
    public void AnswerSend(in QueuedFrame sendResult)
    {
        SendOrDrop(sendResult, wake: false);
        Sends.WakeAtEnd(Outbox);
    }

    /// <summary>Ends the current read turn (the transport calls this): its SendAcks is queued and every outbox it fed is woken.</summary>
    public void EndReadTurn() => _sends?.End(this);

    /// <summary>Queues a frame the client must get; a client too slow to take it is disconnected.</summary>
    public void SendOrDrop(ServerFrame frame) => SendOrDrop(QueuedFrame.Of(frame));

    /// <summary>Queues a frame the client must get; a client too slow to take it is disconnected.</summary>
    /// <param name="wake">False only from this connection's read loop, which wakes the writer when its turn ends.</param>
    public void SendOrDrop(in QueuedFrame frame, bool wake = true)
    {
        if (Outbox.TryEnqueue(frame, checkBytes: false, wake) == EnqueueResult.Full)
        {
            Outbox.ReportDropped("control");
            FailAsSlowConsumer("the connection is not reading its frames fast enough");
        }
    }

    /// <summary>
    /// Ends the connection with SLOW_CONSUMER and lets its queue go. Counted here, where it is decided, since the
    /// error may never be written (the peer is not reading), and only when this call is what ended the connection.
    /// </summary>
    /// <returns>False when the connection had already ended.</returns>
    public bool FailAsSlowConsumer(string message)
    {
        if (!Fail(ErrorCode.SlowConsumer, message, discardQueued: true))
        {
            return false;
        }

        Outbox.ReportRefused(ErrorCode.SlowConsumer);
        return true;
    }

    /// <summary>Ends the connection with a limit's fatal refusal, its retry advice included; see the other overload.</summary>
    /// <returns>False when the connection had already ended.</returns>
    public bool Fail(Refusal refusal) => Fail(refusal.Code, refusal.Message, discardQueued: false, refusal.RetryAfterMs);

    /// <summary>
    /// Ends the connection with a fatal error: stops reading, writes what is queued (unless
    /// <paramref name="discardQueued"/>), then the error, then closes. Only the first call counts.
    /// </summary>
    /// <returns>True only when this call ended the connection; false when it had already ended.</returns>
    public bool Fail(ErrorCode code, string message, bool discardQueued = false, uint retryAfterMs = 0)
    {
        TryAbandonLogin();
        if (!Outbox.Close(ServerFrames.FatalError(code, message, retryAfterMs), discardQueued))
        {
            return false;
        }

        StopLoginTimer();
        Connection.StopReading();
        if (discardQueued)
        {
            Connection.AbandonPendingWrite();
        }

        return true;
    }

    /// <summary>Ends the connection without an error (Goodbye, or the peer went away).</summary>
    public void Close()
    {
        TryAbandonLogin();
        if (Outbox.Close(null, discardQueued: false))
        {
            StopLoginTimer();
        }
    }

    private void OnLoginTimeout()
    {
        // Claimed, then the error queued, then a queued signature check cancelled: the handshake answers that
        // cancellation by closing, and closing first would drop the LOGIN_TIMEOUT the client must get.
        if (Interlocked.CompareExchange(ref _loginOutcome, LoginAbandoned, LoginOpen) == LoginOpen)
        {
            Fail(ErrorCode.LoginTimeout, "login was not completed in time");
            _loginAbandoned!.Cancel();
        }
    }

    private bool TryAbandonLogin()
    {
        if (Interlocked.CompareExchange(ref _loginOutcome, LoginAbandoned, LoginOpen) != LoginOpen)
        {
            return false;
        }

        _loginAbandoned!.Cancel();
        return true;
    }
}
