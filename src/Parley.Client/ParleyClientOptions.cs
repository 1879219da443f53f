using Parley.Crypto;

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
    /// How sessions.db under the home manages prekeys and the copies of opened messages it keeps (their window, count and
    /// age bounds: docs/sessions.md §13). <see cref="Storage.SessionStoreOptions.Default"/> unless set.
    /// </summary>
    public Storage.SessionStoreOptions SessionStore { get; init; } = Storage.SessionStoreOptions.Default;

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
}
