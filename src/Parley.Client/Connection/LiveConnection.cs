using System.Net;
using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// The connection a client's parts talk to. It outlives the socket under it: when a
/// <see cref="ClientConnection"/> ends and the client has a <see cref="ReconnectPolicy"/> (and the end is
/// one a reconnect may cure, <see cref="ReconnectRules"/>), it raises <see cref="ConnectionLostEvent"/>,
/// dials and logs in again with backoff (<see cref="ReconnectingEvent"/> before each attempt), hands the
/// new connection the same frame handlers, lets presence restore the roster and raises
/// <see cref="ReconnectedEvent"/>. Requests never move from one connection to the next: those waiting
/// fail with Disconnected when theirs ends, and new ones fail until the client is back, so a send is
/// never silently repeated. Otherwise the end is final: <c>closed</c> runs once, as before.
/// </summary>
internal sealed class LiveConnection : IReconnectingChannel, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(ServerFrame.BodyOneofCase Kind, Action<ServerFrame> Handler)> _handlers = [];
    private readonly ReconnectPolicy? _policy;
    private readonly Func<CancellationToken, Task<FrameConnection>> _redial;
    private readonly Action<ClientEvent> _emit;
    private readonly CancellationTokenSource _lifetime = new();
    private Func<string, ParleyErrorKind, Task> _closed = (_, _) => Task.CompletedTask;
    private Attached _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _supervisor = Task.CompletedTask;
    private string? _outage;
    private int _generation = 1;
    private bool _armed;
    private bool _limitReads;
    private bool _finished;
    private int _disposing;

    /// <param name="first">The logged-in connection to start with.</param>
    /// <param name="policy">Null: never reconnect.</param>
    /// <param name="redial">Dials and logs in again as the same identity (the same path as the first login, TLS pin included).</param>
    /// <param name="emit">Where the reconnect events go.</param>
    public LiveConnection(
        FrameConnection first, ReconnectPolicy? policy, Func<CancellationToken, Task<FrameConnection>> redial, Action<ClientEvent> emit)
    {
        _current = new Attached(new ClientConnection(first));
        _policy = policy;
        _redial = redial;
        _emit = emit;
    }

    /// <summary>The server as the user named it.</summary>
    public ServerAddress Address => Current.Address;

    /// <summary>The IP address the current connection reached.</summary>
    public IPAddress? RemoteAddress => Current.RemoteAddress;

    /// <summary>Cancelled when this client is being closed.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Runs before a new connection starts reading (presence starts collecting the new roster).</summary>
    public Action? BeforeRestore { get; set; }

    /// <summary>Completes when a new connection is back in the state the client needs (presence: the whole roster read).</summary>
    public Func<Task>? Restored { get; set; }

    private ClientConnection Current
    {
        get
        {
            lock (_gate)
            {
                return _current.Connection;
            }
        }
    }

    /// <summary>Registers the handler of one kind of unsolicited frame, for this connection and every later one; only before <see cref="Start"/>.</summary>
    public void On(ServerFrame.BodyOneofCase kind, Action<ServerFrame> handler)
    {
        _current.Connection.On(kind, handler);
        _handlers.Add((kind, handler));
    }

    /// <summary>Starts reading; <paramref name="closed"/> runs once, when the client is finished (not at a loss it comes back from).</summary>
    public void Start(Func<string, ParleyErrorKind, Task> closed)
    {
        _closed = closed;
        _current.Start();
        _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
    }

    /// <summary>From now on a lost connection is reconnected (when there is a policy): the first login has completed.</summary>
    public void EnableReconnect()
    {
        lock (_gate)
        {
            _armed = true;
        }
    }

    /// <summary>Applies the configured read cap from now on, on this connection and every later one (video).</summary>
    public void LimitReads()
    {
        lock (_gate)
        {
            _limitReads = true;
        }

        Current.LimitReads();
    }

    /// <exception cref="ParleyException">Disconnected.</exception>
    public void ThrowIfClosed()
    {
        lock (_gate)
        {
            if (_outage is { } reason)
            {
                throw new ParleyException(ParleyErrorKind.Disconnected, $"not connected ({reason}); reconnecting");
            }
        }

        Current.ThrowIfClosed();
    }

    /// <inheritdoc/>
    public Task<ServerFrame> RequestAsync(Func<ulong, ClientFrame> build, CancellationToken ct)
    {
        ThrowIfClosed();
        return Current.RequestAsync(build, ct);
    }

    /// <summary>Sends a frame the server does not answer (AckQueued) on the current connection.</summary>
    /// <exception cref="ParleyException">Disconnected.</exception>
    public Task SendAsync(ClientFrame frame, CancellationToken ct)
    {
        ThrowIfClosed();
        return Current.SendAsync(frame, ct);
    }

    /// <inheritdoc/>
    public async Task<bool> WaitForReconnectAsync(int lostGeneration, CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_generation > lostGeneration)
                {
                    return true;
                }

                if (_finished || _policy is null || !_armed)
                {
                    return false;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Says goodbye on the current connection, stops reconnecting, and returns once the client is finished.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            return;
        }

        await Current.DisposeAsync().ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _supervisor.ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private async Task SuperviseAsync()
    {
        var attempts = 0;
        var lostAt = 0L;
        var time = _policy?.TimeProvider ?? TimeProvider.System;
        while (true)
        {
            Attached attached;
            lock (_gate)
            {
                attached = _current;
            }

            var (reason, kind) = await attached.Ended.ConfigureAwait(false);
            var connection = attached.Connection;
            bool armed;
            lock (_gate)
            {
                armed = _armed;
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            if (_policy is null || !armed || Volatile.Read(ref _disposing) != 0 || !ReconnectRules.MayRetry(kind, connection.FatalError))
            {
                await FinishAsync(reason, kind).ConfigureAwait(false);
                return;
            }

            lock (_gate)
            {
                _outage = reason;
            }

            if (attempts == 0)
            {
                lostAt = time.GetTimestamp();
                _emit(new ConnectionLostEvent(reason));
            }

            var retryAfter = ServerErrors.RetryAfterOf(connection.FatalError);
            FrameConnection? frames = null;
            while (frames is null)
            {
                attempts++;
                var offline = time.GetElapsedTime(lostAt);
                var delay = _policy.DelayBefore(attempts, retryAfter);
                if (_policy.GiveUpAfter is { } limit && offline + delay > limit)
                {
                    await FinishAsync(
                        $"gave up reconnecting after {attempts - 1} attempts in {offline.TotalSeconds:0.#} s: {reason}",
                        ParleyErrorKind.Disconnected).ConfigureAwait(false);
                    return;
                }

                _emit(new ReconnectingEvent(attempts, delay, reason));
                try
                {
                    await Task.Delay(delay, time, _lifetime.Token).ConfigureAwait(false);
                    frames = await _redial(_lifetime.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
                {
                    await FinishAsync("closed by this client", ParleyErrorKind.Disconnected).ConfigureAwait(false);
                    return;
                }
                catch (ParleyException ex) when (ReconnectRules.MayRetry(ex))
                {
                    reason = ex.Message;
                    retryAfter = ex.RetryAfter;
                }
                catch (ParleyException ex)
                {
                    await FinishAsync("cannot log in again: " + ex.Message, ex.Kind).ConfigureAwait(false);
                    return;
                }
            }

            var next = Attach(frames);
            if (await RestoredAsync(next, time).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    _outage = null;
                    _generation++;
                    SignalChange();
                }

                _emit(new ReconnectedEvent(attempts, time.GetElapsedTime(lostAt)));
                attempts = 0;
            }
        }
    }

    private Attached Attach(FrameConnection frames)
    {
        var next = new Attached(new ClientConnection(frames));
        foreach (var (kind, handler) in _handlers)
        {
            next.Connection.On(kind, handler);
        }

        bool limitReads;
        lock (_gate)
        {
            limitReads = _limitReads;
        }

        if (limitReads)
        {
            next.Connection.LimitReads();
        }

        BeforeRestore?.Invoke();
        lock (_gate)
        {
            _current = next;
        }

        next.Start();

        // A dispose that read the previous connection as current did not close this one: close it here.
        if (Volatile.Read(ref _disposing) != 0)
        {
            _ = next.Connection.DisposeAsync().AsTask();
        }

        return next;
    }

    /// <summary>
    /// Waits for <see cref="Restored"/> on a new connection, at most <see cref="ReconnectPolicy.RestoreTimeout"/>: a
    /// server that logs the client in and then never sends the roster is dropped like a lost one, so the supervisor
    /// tells the user and tries again with backoff instead of hanging.
    /// </summary>
    /// <returns>False when the connection ended (or was dropped) first.</returns>
    private async Task<bool> RestoredAsync(Attached attached, TimeProvider time)
    {
        var restored = Restored?.Invoke() ?? Task.CompletedTask;
        var limit = _policy!.RestoreTimeout > TimeSpan.Zero ? _policy.RestoreTimeout : TimeSpan.FromMilliseconds(1);
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var timedOut = Task.Delay(limit, time, stopWaiting.Token);
        var first = await Task.WhenAny(restored, attached.Ended, timedOut).ConfigureAwait(false);
        await stopWaiting.CancelAsync().ConfigureAwait(false);
        if (first == timedOut && timedOut.IsCompletedSuccessfully)
        {
            attached.Connection.Abort(
                $"the server logged this client in but did not restore its state (the roster) within {limit.TotalSeconds:0.#} s");
            return false;
        }

        return first == restored && restored.IsCompletedSuccessfully && !attached.Ended.IsCompleted;
    }

    private async Task FinishAsync(string reason, ParleyErrorKind kind)
    {
        lock (_gate)
        {
            _finished = true;
            _outage = null;
            SignalChange();
        }

        await _closed(reason, kind).ConfigureAwait(false);
    }

    private void SignalChange()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One connection and how it ended.</summary>
    private sealed class Attached(ClientConnection connection)
    {
        private readonly TaskCompletionSource<(string Reason, ParleyErrorKind Kind)> _ended =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ClientConnection Connection { get; } = connection;

        public Task<(string Reason, ParleyErrorKind Kind)> Ended => _ended.Task;

        public void Start() => Connection.Start((reason, kind) =>
        {
            _ended.TrySetResult((reason, kind));
            return Task.CompletedTask;
        });
    }
}
