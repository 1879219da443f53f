using System.Diagnostics.Metrics;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Crypto.Sessions;

namespace Parley.Client;

/// <summary>Where and as whom a <see cref="ParleyClient"/> connects.</summary>
public sealed record ParleyClientOptions
{
    /// <summary>"host:port"; the port defaults to 7878 when omitted.</summary>
    public required string Server { get; init; }

    public required string Name { get; init; }

    /// <summary>Folder of identities and pins; null means <see cref="IdentityStore.DefaultHome"/>.</summary>
    public string? Home { get; init; }

    /// <summary>False: no roster and no join/leave events (scripts that only send).</summary>
    public bool Presence { get; init; } = true;

    /// <summary>
    /// True: at every login (reconnects too) the server hands this connection the messages it stored for this name while
    /// it was offline, in order, before any live one (<see cref="ReceivedMessage.QueuedAt"/> is set on them); the client
    /// acknowledges each once it was raised (or refused), and the server then deletes it. One not acknowledged comes
    /// again at the next such login. False (the default): the queue is left for another connection (scripts that only send).
    /// </summary>
    public bool ReceiveQueued { get; init; }

    /// <summary>
    /// True (the default): at login, and whenever the server says they run low, this client publishes its prekeys (made and
    /// kept in sessions.db under the home), so that others can start forward-secret sessions with it. False: the
    /// application publishes them itself with <see cref="ParleyClient.UploadPrekeysAsync"/>.
    /// </summary>
    public bool PublishPrekeys { get; init; } = true;

    /// <summary>
    /// The server's key fingerprint ("SHA256:…", as the server prints it at start), pinned up front: any other key is
    /// refused, and this one is stored in known_servers (replacing an older pin: the deliberate way to accept a new key).
    /// Null: the key pinned for the address, or, on the first connection, the one the server presents (trust on first use).
    /// </summary>
    public string? ServerFingerprint { get; init; }

    /// <summary>Plain TCP without TLS, for a server started with --insecure; nothing is pinned or bound. False by default.</summary>
    public bool Insecure { get; init; }

    /// <summary>Told when a server's key is pinned on first use (one line for the user; the key is already stored).</summary>
    public Action<string>? OnServerPinned { get; init; }

    public string ClientSoftware { get; init; } = "parley-client/0.1";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public FreshnessPolicy Freshness { get; init; } = FreshnessPolicy.Default;

    /// <summary>
    /// Caps how fast bytes are read off the connection, like curl's --limit-rate (null: no cap); for seeing video adapt.
    /// It applies from the first video segment read on: login and the requests before it run at full speed.
    /// </summary>
    public long? ReadBytesPerSecond { get; init; }

    /// <summary>
    /// Told, once per connect, about a local problem worth the user's attention that does not stop the
    /// connection: so far, a home or identity folder (or key file) that group or others can get into.
    /// </summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>
    /// Null (the default): a lost connection ends the client (<see cref="DisconnectedEvent"/>), as one-shot
    /// scripts want. Set: the client reconnects by this policy, logs in again and restores the roster,
    /// raising <see cref="ConnectionLostEvent"/>, <see cref="ReconnectingEvent"/> and <see cref="ReconnectedEvent"/>.
    /// </summary>
    public ReconnectPolicy? Reconnect { get; init; }

    /// <summary>
    /// What a session keeps for messages that have not arrived yet (docs/sessions.md §6): how far ahead one message may
    /// be (<see cref="RatchetLimits.MaxSkipPerChain"/>, 1,000), how many skipped keys are held in all (2,000) and how many
    /// ended chains are remembered (32). A message beyond them is refused ("too many skipped"). Default <see cref="RatchetLimits.Default"/>.
    /// </summary>
    public RatchetLimits Ratchet { get; init; } = RatchetLimits.Default;

    /// <summary>
    /// How sessions.db keeps this identity's prekeys — rotation (7 days), grace (14 days), one-time prekeys per upload (100),
    /// held at most (500) and made per hour at most (200) — and the copies of opened messages it keeps (their window,
    /// count and age bounds). docs/sessions.md §13. Default <see cref="SessionStoreOptions.Default"/>.
    /// </summary>
    public SessionStoreOptions SessionStore { get; init; } = SessionStoreOptions.Default;

    /// <summary>
    /// At most one lost-session notice is sent back per sender key within this interval, however many messages of
    /// sessions this home lacks arrive. Default 1 minute; zero: one per such message.
    /// </summary>
    public TimeSpan NoticeInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most one session with a sender key is reset by a received lost-session notice within this interval (notices are
    /// not authenticated, docs/security.md); later ones are ignored and counted. Default 1 minute; zero: no bound.
    /// </summary>
    public TimeSpan NoticeResetInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where <see cref="ParleyClient.Metrics"/>' instruments are created; null: a "Parley.Client" meter of the client's own.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>Refuses settings that cannot work, naming the setting, before anything is opened.</summary>
    /// <exception cref="ArgumentException">A setting out of range.</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Ratchet, nameof(Ratchet));
        ArgumentNullException.ThrowIfNull(SessionStore, nameof(SessionStore));
        Check(Ratchet.MaxSkipPerChain >= 0, nameof(RatchetLimits.MaxSkipPerChain), Ratchet.MaxSkipPerChain, "must be 0 or more");
        Check(Ratchet.MaxSkippedKeys >= Ratchet.MaxSkipPerChain, nameof(RatchetLimits.MaxSkippedKeys), Ratchet.MaxSkippedKeys, $"must be at least MaxSkipPerChain ({Ratchet.MaxSkipPerChain})");
        Check(Ratchet.RememberedChains >= 0, nameof(RatchetLimits.RememberedChains), Ratchet.RememberedChains, "must be 0 or more");
        Check(NoticeInterval >= TimeSpan.Zero, nameof(NoticeInterval), NoticeInterval, "must not be negative");
        Check(NoticeResetInterval >= TimeSpan.Zero, nameof(NoticeResetInterval), NoticeResetInterval, "must not be negative");
        SessionStore.Validate();
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}; it is {value}");
        }
    }
}
