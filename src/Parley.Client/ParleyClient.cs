using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Parley.Client.Connection;
using Parley.Client.Messaging;
using Parley.Client.Presence;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client;

/// <summary>
/// One logged-in connection to a Parley server. Messages are sealed for each recipient and opened
/// here; the server only relays bytes it cannot read. Everything incoming arrives on <see cref="Events"/>.
/// </summary>
public sealed partial class ParleyClient : IAsyncDisposable
{
    private static readonly TimeSpan s_goodbyeGrace = TimeSpan.FromSeconds(2);

    private readonly FrameConnection _connection;
    private readonly Identity _identity;
    private readonly IdentityName _self;
    private readonly ParleyClientOptions _options;
    private readonly Channel<ClientEvent> _events = Channel.CreateUnbounded<ClientEvent>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly PendingRequests _pending = new();
    private readonly Roster _roster;
    private readonly ConcurrentDictionary<ServerFrame.BodyOneofCase, Action<ServerFrame>> _extraHandlers = new();
    private readonly TaskCompletionSource _rosterComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly IncomingDeliveries _deliveries;
    private Task _readLoop = Task.CompletedTask;
    private string? _serverError;
    private int _closing;
    private int _disposed;

    private ParleyClient(
        FrameConnection connection,
        Identity identity,
        ParleyClientOptions options,
        string home,
        KnownPeers pins,
        ReplayStore replay,
        LoginAccepted accepted)
    {
        _connection = connection;
        _identity = identity;

        // The registered spelling, not the one logged in with: the server routes by it.
        _self = IdentityName.Parse(accepted.Name);
        _options = options;
        _roster = new Roster(_self);
        Home = home;
        KnownPeers = pins;
        Name = _self.Normalized;
        NewlyRegistered = accepted.NewlyRegistered;
        _deliveries = new IncomingDeliveries(identity, _self, pins, replay, options.Freshness, FindKeyAsync, Emit);
    }

    /// <summary>The name as registered (NFC).</summary>
    public string Name { get; }

    /// <summary>Fingerprint of this client's own key.</summary>
    public string Fingerprint => _identity.Fingerprint;

    /// <summary>True when this login registered the name (first use on that server).</summary>
    public bool NewlyRegistered { get; }

    /// <summary>The home folder holding this identity and its pins.</summary>
    public string Home { get; }

    /// <summary>This identity's pins; <see cref="KnownPeers.Trust"/> accepts a changed key after checking it.</summary>
    public KnownPeers KnownPeers { get; }

    /// <summary>Current roster snapshot (presence connections), sorted by name; empty without presence.</summary>
    public IReadOnlyList<PeerInfo> Online => [.. _roster.Snapshot().Select(e => ToPeerInfo(e, online: true))];

    /// <summary>Everything incoming, in order; <see cref="DisconnectedEvent"/> is last, then the channel completes.</summary>
    public ChannelReader<ClientEvent> Events => _events.Reader;

    /// <summary>Connects, handshakes, logs in (signing the challenge) and, with presence, receives the whole roster.</summary>
    /// <exception cref="ParleyException">The login was refused (Kind = NameTaken, InvalidName…), the server could not be
    /// reached (ConnectionFailed) or did not answer within <see cref="ParleyClientOptions.ConnectTimeout"/> (Timeout).</exception>
    public static async Task<ParleyClient> ConnectAsync(ParleyClientOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var self = IdentityName.Parse(options.Name);
        var address = ServerAddress.Parse(options.Server);
        var store = new IdentityStore(options.Home ?? IdentityStore.DefaultHome());
        var identity = store.LoadOrCreate(self.Normalized);
        if (options.OnWarning is { } warn && store.PrivacyWarning(self.Normalized) is { } privacy)
        {
            warn(privacy);
        }

        ParleyClient? client = null;
        FrameConnection? connection = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var pins = store.PeersOf(self, address);
            var replay = ReplayStore.Open(
                Path.Combine(store.FolderOf(self), IdentityStore.ReplayFileName), options.Freshness, DateTimeOffset.UtcNow);
            connection = await FrameConnection.ConnectAsync(address, options.ReadBytesPerSecond, timeout.Token);
            var (_, accepted) = await LoginHandshake.RunAsync(
                connection, self.Normalized, identity, options.Presence, options.ClientSoftware, timeout.Token);
            client = new ParleyClient(connection, identity, options, store.Home, pins, replay, accepted);
            client._readLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
            if (options.Presence)
            {
                await client._rosterComplete.Task.WaitAsync(timeout.Token);
            }

            return client;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await CleanUpFailedConnectAsync(client, connection, identity);
            throw new ParleyException(
                ParleyErrorKind.Timeout,
                $"no login at {address} within {options.ConnectTimeout.TotalSeconds:0.#} s (is a Parley server running there?)");
        }
        catch
        {
            await CleanUpFailedConnectAsync(client, connection, identity);
            throw;
        }
    }

    /// <summary>
    /// Trust on first use for a key about to be shown to the user: pins it when nothing is pinned
    /// for that name on this server, so that "new, pinned now" is true. Returns the peer as it now
    /// stands (Pin is FirstSeen only when it was pinned by this call).
    /// </summary>
    /// <exception cref="ParleyException">The pin file could not be read or written.</exception>
    public PeerInfo PinIfNew(PeerInfo peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.Pin != PinStatus.FirstSeen || !IdentityName.TryParse(peer.Name, out var name, out _) || name.CaseFoldKey == _self.CaseFoldKey)
        {
            return peer;
        }

        try
        {
            var pin = KnownPeers.Check(name, peer.PublicKey, out _);
            return peer with { Pin = pin, Verified = pin == PinStatus.Matches && KnownPeers.IsVerified(peer.Name, peer.PublicKey) };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ParleyException(ParleyErrorKind.Other, $"cannot write the pin file {KnownPeers.FilePath}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The safety number of this identity (as registered) and <paramref name="peerName"/> with <paramref name="peerKey"/>
    /// (see <see cref="SafetyNumber"/>): 12 groups of 5 digits, the same on the peer's side when
    /// <paramref name="peerName"/> is the name as registered (<see cref="PeerInfo.RegisteredName"/>).
    /// </summary>
    /// <exception cref="ParleyException">InvalidName.</exception>
    public string SafetyNumberWith(string peerName, byte[] peerKey) =>
        SafetyNumber.Compute(_self.Normalized, _identity.PublicKey.Spki, IdentityName.Parse(peerName).Normalized, peerKey);

    /// <summary>Says goodbye, waits briefly for the server to close, and releases everything.</summary>
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
                await _connection.SendAsync(new ClientFrame { Goodbye = new Goodbye() }, grace.Token);
                _connection.ShutdownSend();
                await _readLoop.WaitAsync(grace.Token);
            }
            catch (Exception ex) when (ex is ParleyException or OperationCanceledException or TimeoutException)
            {
                // The server is gone or slow to close: close from this side.
            }
        }

        await _lifetime.CancelAsync();
        await _readLoop;
        await _connection.DisposeAsync();
        _lifetime.Dispose();
        _identity.Dispose();
    }

    /// <summary>
    /// Handles frames of a type this file does not know (added by later protocol features);
    /// frames nobody handles are ignored.
    /// </summary>
    internal void RegisterFrameHandler(ServerFrame.BodyOneofCase kind, Action<ServerFrame> handler) =>
        _extraHandlers[kind] = handler;

    /// <summary>Sends a request frame built with a fresh request id and waits for the answer carrying that id.</summary>
    /// <exception cref="ParleyException">Disconnected: the connection closed before the answer.</exception>
    internal async Task<ServerFrame> RequestAsync(Func<ulong, ClientFrame> build, CancellationToken ct)
    {
        ThrowIfClosed();
        var (id, answer) = _pending.Begin();
        try
        {
            await _connection.SendAsync(build(id), ct);
            return await answer.WaitAsync(ct);
        }
        catch
        {
            _pending.Abandon(id);
            throw;
        }
    }

    /// <summary>Completes the request waiting for <paramref name="requestId"/>; for answer frames handled elsewhere.</summary>
    internal bool CompleteRequest(ulong requestId, ServerFrame answer) => _pending.TryComplete(requestId, answer);

    private static async Task CleanUpFailedConnectAsync(ParleyClient? client, FrameConnection? connection, Identity identity)
    {
        if (client is not null)
        {
            await client.DisposeAsync();
            return;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        identity.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        string reason;
        var kind = ParleyErrorKind.Disconnected;
        try
        {
            while (true)
            {
                var frame = await _connection.ReadFrameAsync(_lifetime.Token);
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
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            reason = _serverError ?? (Volatile.Read(ref _closing) != 0 ? "closed by this client" : "connection lost: " + ex.Message);
        }
        catch (Exception ex)
        {
            // Whatever went wrong handling a frame, the session must still end with DisconnectedEvent
            // and fail its pending requests rather than leave callers waiting.
            reason = $"the client failed: {ex.GetType().Name}: {ex.Message}";
        }

        await FinishAsync(reason, kind);
    }

    private async Task FinishAsync(string reason, ParleyErrorKind kind = ParleyErrorKind.Disconnected)
    {
        var failure = new ParleyException(kind, "disconnected from the server: " + reason);
        _pending.FailAll(failure);
        _rosterComplete.TrySetException(failure);
        await _deliveries.CompleteAsync();
        Emit(new DisconnectedEvent(reason));
        _events.Writer.TryComplete();
    }

    private void Dispatch(ServerFrame frame)
    {
        switch (frame.BodyCase)
        {
            case ServerFrame.BodyOneofCase.RosterPage:
                foreach (var peer in frame.RosterPage.Peers)
                {
                    WarnIfKeyChanged(_roster.Add(peer));
                }

                if (frame.RosterPage.Last)
                {
                    _rosterComplete.TrySetResult();
                }

                break;
            case ServerFrame.BodyOneofCase.PeerJoined:
                var joined = _roster.Add(frame.PeerJoined.Peer ?? new Peer());
                Emit(new PeerJoinedEvent(ToPeerInfo(joined, online: true)));
                WarnIfKeyChanged(joined);
                break;
            case ServerFrame.BodyOneofCase.PeerLeft:
                if (_roster.Remove(frame.PeerLeft.Name) is { } left)
                {
                    Emit(new PeerLeftEvent(left));
                }

                break;
            case ServerFrame.BodyOneofCase.Delivery:
                _deliveries.Enqueue(frame.Delivery);
                break;
            case ServerFrame.BodyOneofCase.SendResult:
                _pending.TryComplete(frame.SendResult.RequestId, frame);
                break;
            case ServerFrame.BodyOneofCase.LookupResult:
                _pending.TryComplete(frame.LookupResult.RequestId, frame);
                break;
            case ServerFrame.BodyOneofCase.Pong:
                _pending.TryComplete(frame.Pong.Nonce, frame);
                break;
            case ServerFrame.BodyOneofCase.Error:
                // A fatal error is followed by the server closing: the reason is reported then.
                if (frame.Error.Fatal)
                {
                    _serverError = "the server ended the session: " + ServerErrors.Describe(frame.Error);
                }

                break;
            default:
                if (_extraHandlers.TryGetValue(frame.BodyCase, out var handler))
                {
                    handler(frame);
                }

                break;
        }
    }

    private void WarnIfKeyChanged(RosterEntry entry)
    {
        if (KnownPeers.Peek(entry.Name, entry.Spki) == PinStatus.Changed)
        {
            Emit(new KeyChangedEvent(entry.Name, KnownPeers.PinnedFingerprint(entry.Name) ?? string.Empty, entry.Fingerprint));
        }
    }

    private PeerInfo ToPeerInfo(RosterEntry entry, bool online) => ToPeerInfo(entry.Name, entry.Spki, online, isSelf: false);

    private PeerInfo ToPeerInfo(string name, byte[] spki, bool online, bool isSelf)
    {
        var pin = isSelf
            ? (CryptographicOperations.FixedTimeEquals(spki, _identity.PublicKey.Spki) ? PinStatus.Matches : PinStatus.Changed)
            : KnownPeers.Peek(name, spki);
        var verified = !isSelf && pin == PinStatus.Matches && KnownPeers.IsVerified(name, spki);
        return new PeerInfo(name, spki, KeyFingerprint.Format(spki), online, pin, verified);
    }

    private void Emit(ClientEvent e) => _events.Writer.TryWrite(e);

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closing) != 0 || _readLoop.IsCompleted)
        {
            throw new ParleyException(ParleyErrorKind.Disconnected, "this client is disconnected");
        }
    }

    /// <summary>The key the server presents for a name: the roster's, else a lookup. Null for an unknown name.</summary>
    private async Task<byte[]?> FindKeyAsync(IdentityName name)
    {
        if (_roster.Find(name) is { } entry)
        {
            return entry.Spki;
        }

        var peer = await LookupPeerAsync(name, _lifetime.Token);
        return peer?.PublicKey.ToByteArray();
    }
}
