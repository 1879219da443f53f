using System.Net.Sockets;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// A logged-in connection: the one read loop and the one dispatch. An answer (a frame that echoes a
/// request id, <see cref="AnswerIds"/>) completes the request waiting for that id; any other frame
/// goes to the handler a part registered for its kind before <see cref="Start"/>; a frame kind nobody
/// handles (added by a later protocol version) is ignored. Handlers run on the read loop and must not
/// wait: anything slow is queued to a task of its own.
/// </summary>
internal sealed class ClientConnection : IRequestChannel, IAsyncDisposable
{
    private static readonly TimeSpan s_goodbyeGrace = TimeSpan.FromSeconds(2);

    private readonly FrameConnection _frames;
    private readonly PendingRequests _pending = new();
    private readonly Dictionary<ServerFrame.BodyOneofCase, Action<ServerFrame>> _handlers = [];
    private readonly CancellationTokenSource _lifetime = new();
    private Func<string, ParleyErrorKind, Task> _closed = (_, _) => Task.CompletedTask;
    private Task _readLoop = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private string? _serverError;
    private int _closing;
    private int _disposed;

    public ClientConnection(FrameConnection frames)
    {
        _frames = frames;
    }

    /// <summary>The server as the user named it.</summary>
    public ServerAddress Address => _frames.Address;

    /// <summary>The IP address the connection reached.</summary>
    public System.Net.IPAddress? RemoteAddress => _frames.RemoteAddress;

    /// <summary>The fatal error the server sent before closing, if it sent one.</summary>
    public Error? FatalError { get; private set; }

    /// <summary>Cancelled when the connection is being closed by this side.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    /// <summary>Registers the handler of one kind of unsolicited frame; only before <see cref="Start"/>.</summary>
    public void On(ServerFrame.BodyOneofCase kind, Action<ServerFrame> handler)
    {
        if (!_readLoop.IsCompleted || Volatile.Read(ref _closing) != 0)
        {
            throw new InvalidOperationException("frame handlers are registered before the read loop starts");
        }

        _handlers.Add(kind, handler);
    }

    /// <summary>Starts the read loop; <paramref name="closed"/> runs once when it ends, after every pending request failed.</summary>
    public void Start(Func<string, ParleyErrorKind, Task> closed)
    {
        _closed = closed;
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
        if (_frames.Heartbeat is { } heartbeat)
        {
            _heartbeat = ConnectionHeartbeat.RunAsync(_frames, heartbeat, OnServerSilent, _lifetime.Token);
        }
    }

    /// <summary>Applies the configured read cap from now on (video).</summary>
    public void LimitReads() => _frames.LimitReads();

    /// <exception cref="ParleyException">Disconnected.</exception>
    public void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closing) != 0 || _readLoop.IsCompleted)
        {
            throw new ParleyException(ParleyErrorKind.Disconnected, "this client is disconnected");
        }
    }

    /// <summary>Sends a request frame built with a fresh request id and waits for the answer carrying that id.</summary>
    /// <exception cref="ParleyException">Disconnected: the connection closed before the answer.</exception>
    /// <exception cref="FrameTooLargeException">The frame is larger than the server accepts (nothing was sent).</exception>
    /// <remarks>A send's answer is its SendResult, or the SendAcks that covered it (docs/protocol.md §12.3).</remarks>
    public async Task<ServerFrame> RequestAsync(Func<ulong, ClientFrame> build, CancellationToken ct)
    {
        ThrowIfClosed();
        ulong id = 0;
        Task<ServerFrame>? answer = null;
        try
        {
            // The id is taken under the write lock, so ids reach the server in the order they were taken.
            await _frames.SendAsync(
                () =>
                {
                    (id, var request, answer) = _pending.Begin(build);
                    return request;
                },
                ct).ConfigureAwait(false);
            return await answer!.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            if (id != 0)
            {
                _pending.Abandon(id);
            }

            throw;
        }
    }

    /// <summary>Sends a frame the server does not answer (AckQueued).</summary>
    /// <exception cref="ParleyException">Disconnected.</exception>
    public Task SendAsync(ClientFrame frame, CancellationToken ct)
    {
        ThrowIfClosed();
        return _frames.SendAsync(frame, ct);
    }

    /// <summary>Says goodbye, waits briefly for the server to close, stops the read loop and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _closing, 1);
        if (!_readLoop.IsCompleted)
        {
            try
            {
                using var grace = new CancellationTokenSource(s_goodbyeGrace);
                await _frames.SendAsync(new ClientFrame { Goodbye = new Goodbye() }, grace.Token).ConfigureAwait(false);
                _frames.ShutdownSend();
                await _readLoop.WaitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ParleyException or OperationCanceledException or TimeoutException)
            {
                // The server is gone or slow to close: close from this side.
            }
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        await _frames.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        string reason;
        var kind = ParleyErrorKind.Disconnected;
        try
        {
            while (true)
            {
                var frame = await _frames.ReadFrameAsync(_lifetime.Token).ConfigureAwait(false);
                if (frame is null)
                {
                    reason = _serverError ?? (Volatile.Read(ref _closing) != 0 ? "closed by this client" : "the server closed the connection");
                    break;
                }

                Dispatch(frame);
            }
        }
        catch (OperationCanceledException)
        {
            reason = _serverError ?? "closed by this client";
        }
        catch (ProtocolViolationException ex)
        {
            reason = "the server broke the protocol: " + ex.Message;
            kind = ParleyErrorKind.ProtocolError;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            reason = _serverError ?? (Volatile.Read(ref _closing) != 0 ? "closed by this client" : "connection lost: " + ex.Message);
        }
        catch (Exception ex)
        {
            // Whatever went wrong handling a frame, the session must still end with DisconnectedEvent
            // and fail its pending requests rather than leave callers waiting.
            reason = $"the client failed: {ex.GetType().Name}: {ex.Message}";
        }

        _pending.FailAll(new ParleyException(kind, "disconnected from the server: " + reason));
        await _closed(reason, kind).ConfigureAwait(false);
    }

    /// <summary>Closes the connection at once from this side; the read loop ends with <paramref name="reason"/>.</summary>
    public void Abort(string reason)
    {
        _serverError ??= reason;
        _frames.Abort();
    }

    /// <summary>The server sent nothing, not even a Pong, for its whole idle timeout: it is treated as gone.</summary>
    private void OnServerSilent(string reason) => Abort(reason);

    /// <exception cref="ProtocolViolationException">An answer that cannot be right (<see cref="PendingRequests"/>).</exception>
    private void Dispatch(ServerFrame frame)
    {
        if (frame.BodyCase == ServerFrame.BodyOneofCase.SendAcks)
        {
            _pending.AcknowledgeSends(frame.SendAcks.UpTo, frame);
            return;
        }

        if (AnswerIds.TryGet(frame, out var requestId))
        {
            _pending.Answer(requestId, frame);
            return;
        }

        if (frame.BodyCase == ServerFrame.BodyOneofCase.Error)
        {
            // A fatal error is followed by the server closing: the reason is reported then.
            if (frame.Error.Fatal)
            {
                FatalError = frame.Error;
                _serverError = "the server ended the session: " + ServerErrors.Describe(frame.Error);
            }

            return;
        }

        if (_handlers.TryGetValue(frame.BodyCase, out var handler))
        {
            handler(frame);
        }
    }
}
