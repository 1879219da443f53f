using System.Threading.Channels;
using Parley.Client.Connection;
using Parley.Client.Messaging;
using Parley.Client.Prekeys;
using Parley.Client.Presence;
using Parley.Client.Storage;
using Parley.Client.Video;
using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Client;

/// <summary>
/// One logged-in connection to a Parley server. Messages are sealed for each recipient and opened
/// here; the server only relays bytes it cannot read. Everything incoming arrives on <see cref="Events"/>.
/// A façade: the work is done by its parts (docs/architecture/client.md) — the connection (one read
/// loop, one dispatch), presence, messaging, video and the identity's storage.
/// </summary>
public sealed class ParleyClient : IAsyncDisposable
{
    private readonly LiveConnection _connection;
    private readonly Identity _identity;
    private readonly IdentityName _self;
    /// <summary>How long closing waits for receipts and notices already on their way (a slow server must not hold a close).</summary>
    private static readonly TimeSpan CourtesyFlushLimit = TimeSpan.FromSeconds(2);

    private readonly ClientEvents _events = new();
    private readonly PresenceFeed _presence;
    private readonly PeerViews _views;
    private readonly Messenger _messenger;
    private readonly IncomingDeliveries _deliveries;
    private readonly QueuedAcknowledgements _queuedAcks;
    private readonly VideoClient _video;
    private readonly PrekeyExchange _prekeys;
    private readonly PrekeyPublisher _publisher;
    private readonly SessionStore _sessionStore;
    private readonly SessionSealer _sessions;
    private readonly OpenedMessages _opened;
    private readonly NoticeLimits _notices;
    private int _disposed;

    private ParleyClient(
        FrameConnection frames,
        Func<CancellationToken, Task<FrameConnection>> redial,
        Identity identity,
        ParleyClientOptions options,
        string home,
        KnownPeers pins,
        ReplayStore replay,
        SessionStore sessionStore,
        LoginAccepted accepted)
    {
        var connection = new LiveConnection(frames, options.Reconnect, redial, _events.Emit);
        _connection = connection;
        _identity = identity;

        // The registered spelling, not the one logged in with: the server routes by it.
        _self = IdentityName.Parse(accepted.Name);
        Home = home;
        KnownPeers = pins;
        NewlyRegistered = accepted.NewlyRegistered;
        Presence = options.Presence;

        var sealer = new RsaHybridSealer(identity, replay.Guard, options.Freshness);
        _views = new PeerViews(pins, identity);
        _presence = new PresenceFeed(connection, _self, pins, _views, _events.Emit);
        var lookups = new PeerLookups(connection, _presence);
        _prekeys = new PrekeyExchange(connection, accepted, _events.Emit);
        _sessionStore = sessionStore;
        Metrics = new ClientMetrics(options.MeterFactory);
        _notices = new NoticeLimits(options.NoticeInterval, options.NoticeResetInterval);
        _publisher = new PrekeyPublisher(_prekeys, sessionStore, connection, _events.Emit, Metrics);
        if (options.PublishPrekeys)
        {
            _prekeys.StatusChanged = status => _publisher.PublishInBackground(status, connection.Lifetime);
        }

        _sessions = new SessionSealer(sessionStore, limits: options.Ratchet);
        _messenger = new Messenger(connection, sealer, _sessions, _prekeys, identity, _self, pins, _presence, lookups, _views, _events.Emit);
        _queuedAcks = new QueuedAcknowledgements(connection);
        _events.OnQueuedTaken = _queuedAcks.Taken;
        _events.OnQueuedDropped = _queuedAcks.Dropped;
        _opened = new OpenedMessages(sessionStore);
        _events.OnOpenedTaken = _opened.Taken;
        _events.OnOpenedDropped = _opened.Dropped;
        _deliveries = new IncomingDeliveries(connection, sealer, identity, _self, pins, replay, lookups, _events.Emit, _queuedAcks, _sessions, _messenger, _opened)
        {
            Metrics = Metrics,
            Notices = _notices,
        };
        _video = new VideoClient(connection, options.ReadBytesPerSecond);
        if (options.Presence)
        {
            connection.BeforeRestore = _presence.BeginRestore;
            connection.Restored = () => _presence.Complete;
        }
    }

    /// <summary>The name as registered (NFC).</summary>
    public string Name => _self.Normalized;

    /// <summary>Fingerprint of this client's own key.</summary>
    public string Fingerprint => _identity.Fingerprint;

    /// <summary>True when this login registered the name (first use on that server).</summary>
    public bool NewlyRegistered { get; }

    /// <summary>The home folder holding this identity and its pins.</summary>
    public string Home { get; }

    /// <summary>This identity's pins; <see cref="KnownPeers.Trust"/> accepts a changed key after checking it.</summary>
    public KnownPeers KnownPeers { get; }

    /// <summary>Current roster snapshot (presence connections), sorted by name; empty without presence.</summary>
    public IReadOnlyList<PeerInfo> Online => _presence.Online();

    /// <summary>
    /// Everything incoming, in order; <see cref="DisconnectedEvent"/> is last, then the channel completes.
    /// Bounded: when 8192 events wait unread, the oldest is dropped to make room (counted in
    /// <see cref="DroppedEvents"/>), so a reader that falls behind never stalls the connection.
    /// </summary>
    public ChannelReader<ClientEvent> Events => _events.Reader;

    /// <summary>
    /// What the server holds of this identity's prekeys: from the login (and each login after a reconnect), the last
    /// upload, or the server's last push (<see cref="PrekeyStatusEvent"/>). Null when the server did not say.
    /// </summary>
    public PrekeyStatus? Prekeys => _prekeys.Status;

    /// <summary>What this client refused or held back: session messages by reason, lost-session notices, prekey refills.</summary>
    public ClientMetrics Metrics { get; }

    /// <summary>Events dropped because <see cref="Events"/> was full (its oldest event gave way to a new one).</summary>
    public long DroppedEvents => _events.Dropped;

    private bool Presence { get; }

    /// <summary>Connects, handshakes, logs in (signing the challenge) and, with presence, receives the whole roster.</summary>
    /// <exception cref="ParleyException">The login was refused (Kind = NameTaken, InvalidName…), the server could not be
    /// reached (ConnectionFailed) or did not answer within <see cref="ParleyClientOptions.ConnectTimeout"/> (Timeout).</exception>
    public static async Task<ParleyClient> ConnectAsync(ParleyClientOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var self = IdentityName.Parse(options.Name);
        var address = ServerAddress.Parse(options.Server);
        var store = new IdentityStore(options.Home ?? IdentityStore.DefaultHome());
        var identity = store.LoadOrCreate(self.Normalized);
        if (options.OnWarning is { } warn && store.PrivacyWarning(self.Normalized) is { } privacy)
        {
            warn(privacy);
        }

        ParleyClient? client = null;
        FrameConnection? frames = null;
        SessionStore? sessionStore = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var pins = store.PeersOf(self, address);
            var replay = ReplayStore.Open(
                Path.Combine(store.FolderOf(self), IdentityStore.ReplayFileName), options.Freshness, DateTimeOffset.UtcNow);
            sessionStore = SessionStore.Open(Path.Combine(store.FolderOf(self), SessionStore.FileName), identity, options.SessionStore);
            var trust = new ServerTrust(new KnownServers(store.Home), address, options.ServerFingerprint, options.Insecure, options.OnServerPinned);
            (frames, var accepted) = await DialAsync(address, trust, self, identity, options, timeout.Token).ConfigureAwait(false);
            client = new ParleyClient(
                frames,
                redialCt => RedialAsync(address, trust, self, identity, options, login => client?._prekeys.OnLoggedIn(login), redialCt),
                identity,
                options,
                store.Home,
                pins,
                replay,
                sessionStore,
                accepted);
            client._connection.Start(client.OnClosedAsync);
            if (options.Presence)
            {
                await client._presence.Complete.WaitAsync(timeout.Token).ConfigureAwait(false);
            }

            await client.PublishPrekeysAsync(options, timeout.Token).ConfigureAwait(false);
            client._connection.EnableReconnect();
            return client;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await CleanUpFailedConnectAsync(client, frames, sessionStore, identity).ConfigureAwait(false);
            throw TimedOut(address, options);
        }
        catch
        {
            await CleanUpFailedConnectAsync(client, frames, sessionStore, identity).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Seals <paramref name="text"/> for <paramref name="to"/> (its key from the roster, else a lookup,
    /// checked against the pin) and waits for the server's answer. The message is sealed and
    /// addressed to the name asked for, and to the pinned key where there is one. A changed key
    /// sends nothing: the outcome is <see cref="SendStatus.KeyChanged"/> and a <see cref="KeyChangedEvent"/> is raised.
    /// </summary>
    /// <exception cref="ParleyException">Disconnected: the connection closed before the answer;
    /// ProtocolError: the server answered the lookup with another name (nothing was sent).</exception>
    public Task<SendOutcome> SendTextAsync(string to, string text, CancellationToken ct = default) =>
        _messenger.SendTextAsync(to, text, ct);

    /// <summary>
    /// Sends <paramref name="text"/> to every online peer but this name, sealed for each one;
    /// one outcome per peer, in roster order. Needs <see cref="ParleyClientOptions.Presence"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This connection has no presence, so no roster.</exception>
    /// <exception cref="ParleyException">Disconnected.</exception>
    public Task<IReadOnlyList<SendOutcome>> SendToEveryoneAsync(string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Presence)
        {
            throw new InvalidOperationException("sending to everyone needs the roster: connect with Presence = true");
        }

        return _messenger.SendToEveryoneAsync(text, ct);
    }

    /// <summary>
    /// A registered name's key and whether it is online; null when the name was never registered.
    /// The answer is checked to be about the name asked for, and carries that name.
    /// </summary>
    /// <exception cref="ParleyException">Disconnected; ProtocolError: the server answered with another name.</exception>
    public Task<PeerInfo?> LookupAsync(string name, CancellationToken ct = default) => _messenger.LookupAsync(name, ct);

    /// <summary>
    /// Publishes this identity's prekeys (docs/protocol.md §12.1): each signed key given replaces the stored one of its
    /// kind, one-time prekeys are added. Returns what the server holds afterwards.
    /// </summary>
    /// <exception cref="ArgumentException">A signed key of another kind than its slot.</exception>
    /// <exception cref="ParleyException">InvalidRequest (the server's message names the field), TooManyPrekeys, RateLimited,
    /// ProtocolError, Disconnected. Nothing was stored.</exception>
    public Task<PrekeyStatus> UploadPrekeysAsync(PrekeyUpload upload, CancellationToken ct = default) => _prekeys.UploadAsync(upload, ct);

    /// <summary>
    /// One prekey bundle of <paramref name="name"/>'s owner, checked against <paramref name="expectedOwner"/> (the key pinned
    /// for the name): the answer must be about that name, carry that key, and every signature must be that key's.
    /// Each fetch takes one of the owner's one-time prekeys, while any is left for this client. Dispose the result.
    /// </summary>
    /// <exception cref="ParleyException">UnknownName, NoPrekeys, RateLimited, WrongIdentity, InvalidName, ProtocolError, Disconnected.</exception>
    public Task<VerifiedPrekeyBundle> FetchBundleAsync(string name, PeerKey expectedOwner, CancellationToken ct = default) =>
        _prekeys.FetchBundleAsync(name, expectedOwner, ct);

    /// <summary>Round trip to the server and back.</summary>
    /// <exception cref="ParleyException">Disconnected.</exception>
    public async Task<TimeSpan> PingAsync(CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await _connection.RequestAsync(id => new ClientFrame { Ping = new Ping { Nonce = id } }, ct).ConfigureAwait(false);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is this client's own name as registered, up to case. A lookalike
    /// spelling may reach this client or, on a server with names registered before lookalikes counted,
    /// someone else: look it up and ask about the name in the answer.
    /// </summary>
    public bool IsOwnName(string name) => _messenger.IsSelf(name);

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

    /// <inheritdoc cref="VideoClient.ListVideosAsync"/>
    public Task<IReadOnlyList<VideoInfo>> ListVideosAsync(CancellationToken ct = default) => _video.ListVideosAsync(ct);

    /// <inheritdoc cref="VideoClient.DescribeVideoAsync"/>
    public Task<VideoDetails> DescribeVideoAsync(string video, CancellationToken ct = default) => _video.DescribeVideoAsync(video, ct);

    /// <inheritdoc cref="VideoClient.RequestVideoUrlAsync"/>
    public Task<VideoUrlGrant> RequestVideoUrlAsync(string video, CancellationToken ct = default) => _video.RequestVideoUrlAsync(video, ct);

    /// <inheritdoc cref="VideoClient.ReadSegmentAsync"/>
    public Task<long> ReadSegmentAsync(string video, int height, int index, Stream destination, CancellationToken ct = default) =>
        _video.ReadSegmentAsync(video, height, index, destination, ct);

    /// <inheritdoc cref="VideoClient.PlayVideoAsync(PlaybackRequest, Stream, IProgress{PlaybackProgress}?, CancellationToken)"/>
    public Task<PlaybackResult> PlayVideoAsync(
        PlaybackRequest request,
        Stream output,
        IProgress<PlaybackProgress>? progress = null,
        CancellationToken ct = default) =>
        _video.PlayVideoAsync(request, output, progress, ct);

    /// <inheritdoc cref="VideoClient.PlayVideoAsync(PlaybackPlan, Stream, IProgress{PlaybackProgress}?, CancellationToken)"/>
    public Task<PlaybackResult> PlayVideoAsync(
        PlaybackPlan plan,
        Stream output,
        IProgress<PlaybackProgress>? progress = null,
        CancellationToken ct = default) =>
        _video.PlayVideoAsync(plan, output, progress, ct);

    /// <summary>Says goodbye, waits briefly for the server to close, and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Taken marks before the acknowledgements they go with, and both before goodbye: what the application took is
        // neither handed over again by the server nor shown again from sessions.db's kept copy.
        await _opened.FlushAsync().ConfigureAwait(false);
        await _queuedAcks.FlushAsync().ConfigureAwait(false);
        await _deliveries.FlushCourtesiesAsync(CourtesyFlushLimit).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        await _deliveries.CompleteAsync().ConfigureAwait(false);
        await _publisher.DisposeAsync().ConfigureAwait(false);
        await _opened.FlushAsync().ConfigureAwait(false);
        PruneOpenedQuietly();
        _sessions.Dispose();
        _sessionStore.Dispose();
        _notices.Dispose();
        Metrics.Dispose();
        _identity.Dispose();
    }

    private void PruneOpenedQuietly()
    {
        try
        {
            _sessionStore.PruneOpened();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Another process holds the store: the next open, lookup or start prunes instead.
        }
    }

    /// <summary>
    /// Publishes what the server lacks of this identity's prekeys, so others can start sessions with it. A refusal is a
    /// warning, not a failed login: sessions this client starts and those it already has still work.
    /// </summary>
    private async Task PublishPrekeysAsync(ParleyClientOptions options, CancellationToken ct)
    {
        if (!options.PublishPrekeys || _prekeys.Status is not { } status)
        {
            return;
        }

        try
        {
            await _publisher.PublishAsync(status, ct).ConfigureAwait(false);
        }
        catch (ParleyException ex) when (ex.Kind != ParleyErrorKind.Disconnected)
        {
            options.OnWarning?.Invoke($"session keys were not published, so others cannot start a session with {Name} yet: {ex.Message}");
        }
    }

    /// <summary>Sends a request frame built with a fresh request id and waits for the answer carrying that id (tests put raw frames on the wire with it).</summary>
    /// <exception cref="ParleyException">Disconnected: the connection closed before the answer.</exception>
    internal Task<ServerFrame> RequestAsync(Func<ulong, ClientFrame> build, CancellationToken ct) => _connection.RequestAsync(build, ct);

    /// <summary>Connects and logs in: the one path of the first login and of every reconnect.</summary>
    /// <summary>Connects (TLS checked against the pinned server key unless insecure) and logs in; the first connect and every reconnect.</summary>
    private static async Task<(FrameConnection Frames, LoginAccepted Accepted)> DialAsync(
        ServerAddress address, ServerTrust trust, IdentityName self, Identity identity, ParleyClientOptions options, CancellationToken ct)
    {
        var frames = await FrameConnection.ConnectAsync(address, trust, options.ReadBytesPerSecond, ct).ConfigureAwait(false);
        try
        {
            var (_, accepted) = await LoginHandshake.RunAsync(
                frames, self.Normalized, identity, options.Presence, options.ReceiveQueued, options.ClientSoftware, ct).ConfigureAwait(false);
            return (frames, accepted);
        }
        catch
        {
            await frames.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A reconnect's login, within <see cref="ParleyClientOptions.ConnectTimeout"/> like the first.</summary>
    private static async Task<FrameConnection> RedialAsync(
        ServerAddress address,
        ServerTrust trust,
        IdentityName self,
        Identity identity,
        ParleyClientOptions options,
        Action<LoginAccepted> loggedIn,
        CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var (frames, accepted) = await DialAsync(address, trust, self, identity, options, timeout.Token).ConfigureAwait(false);
            loggedIn(accepted);
            return frames;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw TimedOut(address, options);
        }
    }

    private static ParleyException TimedOut(ServerAddress address, ParleyClientOptions options) => new(
        ParleyErrorKind.Timeout,
        $"no login at {address} within {options.ConnectTimeout.TotalSeconds:0.#} s (is a Parley server running there?)");

    private static async Task CleanUpFailedConnectAsync(ParleyClient? client, FrameConnection? frames, SessionStore? sessionStore, Identity identity)
    {
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            return;
        }

        if (frames is not null)
        {
            await frames.DisposeAsync().ConfigureAwait(false);
        }

        sessionStore?.Dispose();

        identity.Dispose();
    }

    /// <summary>The client is finished (the connection ended and is not coming back): what was received is opened, then <see cref="DisconnectedEvent"/> is the last event.</summary>
    private async Task OnClosedAsync(string reason, ParleyErrorKind kind)
    {
        _presence.Fail(new ParleyException(kind, "disconnected from the server: " + reason));
        await _deliveries.CompleteAsync().ConfigureAwait(false);
        _events.Complete(new DisconnectedEvent(reason));
    }
}
