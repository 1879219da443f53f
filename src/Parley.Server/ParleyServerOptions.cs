using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Parley.Protocol;

namespace Parley.Server;

/// <summary>
/// Everything a Parley server can be told. <see cref="Resolve"/> layers, lowest first:
/// these defaults, the "Parley" section of appsettings.json in the working directory,
/// PARLEY_* environment variables, then explicit overrides (e.g. command-line options).
/// Services (the clock, extra log providers) are not options: they are registered with the host's
/// services (<c>ParleyServerHost.StartAsync(options, services)</c>).
/// </summary>
public sealed record ParleyServerOptions
{
    /// <summary>Frames a connection may have waiting to be written before it counts as slow.</summary>
    public const int DefaultOutboundQueueCapacity = 8192;

    /// <summary>
    /// Bytes of deliveries and segment chunks a connection may have waiting (2 MiB, or twice MaxFrameBytes when that
    /// is larger): room for a window of 16 chunks of 64 KiB or a relay window of 1,000 small messages, small enough
    /// that thousands of connections fit under <see cref="OutboundQueueTotalBytes"/>.
    /// </summary>
    public const int DefaultOutboundQueueBytes = 2 * 1024 * 1024;

    /// <summary>How long a connection may take no bytes while frames wait for it before it is cut as a slow consumer.</summary>
    public static readonly TimeSpan DefaultWriteDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Logins that may wait for a free signature-check worker before more are refused with SERVER_BUSY.</summary>
    public const int DefaultLoginVerificationQueue = 64;

    /// <summary>Default port of the HTTP (HLS) endpoint.</summary>
    public const int DefaultHttpPort = 8080;

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (see <c>ParleyServerHost.Endpoint</c>).</summary>
    public int Port { get; init; } = ProtocolConstants.DefaultPort;

    public string DataDirectory { get; init; } = "data";

    public string VideosDirectory { get; init; } = "Available_videos";

    public int MaxFrameBytes { get; init; } = ProtocolConstants.DefaultMaxFrameBytes;

    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int OutboundQueueCapacity { get; init; } = DefaultOutboundQueueCapacity;

    private readonly int? _outboundQueueBytes;

    /// <summary>Per connection: <see cref="DefaultOutboundQueueBytes"/> (2 MiB) or, when larger, twice <see cref="MaxFrameBytes"/>.</summary>
    public int OutboundQueueBytes
    {
        get => _outboundQueueBytes ?? (int)Math.Min(int.MaxValue, Math.Max(DefaultOutboundQueueBytes, 2L * MaxFrameBytes));
        init => _outboundQueueBytes = value;
    }

    /// <summary>
    /// Bytes waiting in all connections' queues together (every frame counts; deliveries and segment chunks are refused
    /// beyond it, as when one connection's own queue is full). By default a sixteenth of the memory the process may
    /// use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours container limits), from 64 MiB to 256 MiB.
    /// </summary>
    public long OutboundQueueTotalBytes { get; init; } = DefaultOutboundQueueTotalBytes();

    /// <summary>
    /// A connection whose writes take no bytes for this long while frames wait for it gets a fatal SLOW_CONSUMER and is
    /// closed, its queue let go (20 s by default; <see cref="Timeout.InfiniteTimeSpan"/> turns it off).
    /// </summary>
    public TimeSpan WriteDeadline { get; init; } = DefaultWriteDeadline;

    /// <summary>
    /// Login signatures checked at once, on dedicated threads rather than the socket or thread-pool threads; by
    /// default one fewer than the processors (<see cref="Environment.ProcessorCount"/>), at least 1, so a core
    /// stays free for I/O during a login flood.
    /// </summary>
    public int LoginVerificationWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Logins that may wait for a worker while all are busy (64 by default); a login beyond that gets a fatal
    /// SERVER_BUSY at once. 0 admits only as many logins as there are workers.
    /// </summary>
    public int LoginVerificationQueue { get; init; } = DefaultLoginVerificationQueue;

    internal const long MinOutboundQueueTotalBytes = 1024 * 1024;

    internal static long DefaultOutboundQueueTotalBytes() =>
        Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16, 64L * 1024 * 1024, 256L * 1024 * 1024);

    internal const int MaxLoginVerificationWorkers = 1024;
    internal const int MaxLoginVerificationQueue = 1 << 20;

    private readonly int? _httpPort;

    /// <summary>
    /// Port of the HTTP (HLS) endpoint on the same Host: 8080 by default; 0 picks a free one (see
    /// <c>ParleyServerHost.HttpEndpoint</c>); -1 turns HTTP off. Left unset while
    /// <see cref="Port"/> is 0, it is 0 too, so servers on free ports never collide on 8080.
    /// </summary>
    public int HttpPort
    {
        get => _httpPort ?? (Port == 0 ? 0 : DefaultHttpPort);
        init => _httpPort = value;
    }

    /// <summary>
    /// How long a video URL handed out by RequestVideoUrl stays valid beyond the video's own duration
    /// (counted up to 12 hours): a URL for a 2-hour film lasts 3 hours by default, so whoever starts
    /// within the hour can watch to the end.
    /// </summary>
    public TimeSpan VideoUrlLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Where packaged HLS renditions and generated renditions live; defaults to "&lt;DataDirectory&gt;/media".</summary>
    public string MediaCacheDirectory
    {
        get => _mediaCacheDirectory ?? Path.Combine(DataDirectory, "media");
        init => _mediaCacheDirectory = value;
    }

    private readonly string? _mediaCacheDirectory;

    /// <summary>When the videos folder is empty at start and ffmpeg works, write a short sample video into it.</summary>
    public bool GenerateSampleVideos { get; init; } = true;

    /// <summary>The ffmpeg executable: a bare name looked up on PATH, or a path.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>The ffprobe executable: a bare name looked up on PATH, or a path.</summary>
    public string FfprobePath { get; init; } = "ffprobe";

    // ---- Admission limits (docs/protocol.md §4): each has a key of the same name in ParleyServerSettings.

    /// <summary>Largest frame body before login (4 KiB): a login with a 4096-bit key, its signature and a 90-character name is about 1.5 KiB.</summary>
    public const int DefaultMaxLoginFrameBytes = 4096;

    /// <summary>Connections open at once, in all (<see cref="MaxConnections"/>).</summary>
    public const int DefaultMaxConnections = 10_000;

    /// <summary>Connections open at once from one remote address (<see cref="MaxConnectionsPerAddress"/>).</summary>
    public const int DefaultMaxConnectionsPerAddress = 64;

    /// <summary>Logged-in connections of one name at once (<see cref="MaxConnectionsPerName"/>).</summary>
    public const int DefaultMaxConnectionsPerName = 16;

    /// <summary>Refused connections told why over TLS per second (<see cref="RefusalHandshakesPerSecond"/>).</summary>
    public const int DefaultRefusalHandshakesPerSecond = 50;

    /// <summary>Names one key may own (<see cref="MaxNamesPerKey"/>).</summary>
    public const int DefaultMaxNamesPerKey = 5;

    /// <summary>Largest frame body a client may send before it is logged in; FRAME_TOO_LARGE above it.</summary>
    public int MaxLoginFrameBytes { get; init; } = DefaultMaxLoginFrameBytes;

    /// <summary>A frame whose length prefix (or part of it, or part of its body) arrived must be whole within this; else FRAME_TIMEOUT.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Announced in Welcome: a logged-in client sends a Ping when it has sent nothing for this long.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Announced in Welcome: a logged-in connection that sends nothing for this long is closed with IDLE_TIMEOUT.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Connections open at once; one more gets TOO_MANY_CONNECTIONS.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>Connections open at once from one remote address (not counted for loopback unless <see cref="LimitLoopbackAddresses"/>).</summary>
    public int MaxConnectionsPerAddress { get; init; } = DefaultMaxConnectionsPerAddress;

    /// <summary>Logged-in connections of one name; a login beyond gets TOO_MANY_CONNECTIONS.</summary>
    public int MaxConnectionsPerName { get; init; } = DefaultMaxConnectionsPerName;

    /// <summary>
    /// Whether the per-address limits (connections, connection and login rates, registrations) also apply to
    /// 127.0.0.0/8 and ::1. Off by default: behind a local TLS terminator or proxy, and in the benches, every
    /// client comes from loopback, and one budget for all of them would refuse everyone at once.
    /// </summary>
    public bool LimitLoopbackAddresses { get; init; }

    /// <summary>New connections per remote address per minute (a token bucket of that size); 0 turns the limit off.</summary>
    public int ConnectionsPerAddressPerMinute { get; init; } = 120;

    /// <summary>
    /// Refused connections per second, server-wide, that still get a TLS handshake so they can be told why (an
    /// authenticated TOO_MANY_CONNECTIONS or RATE_LIMITED); beyond it a refused connection is closed before TLS,
    /// costing the server no handshake. Connections are admitted before TLS, so this is all a flood of refused
    /// connections costs in handshakes. 0 turns the cap off (every refused connection is told).
    /// </summary>
    public int RefusalHandshakesPerSecond { get; init; } = DefaultRefusalHandshakesPerSecond;

    /// <summary>Logins per remote address per minute (a token bucket of that size); 0 turns the limit off.</summary>
    public int LoginsPerAddressPerMinute { get; init; } = 60;

    /// <summary>Sends, lookups, segment fetches, prekey uploads and bundle fetches per connection per second, with a burst of two seconds' worth; 0 turns the limit off.</summary>
    public int RequestsPerSecond { get; init; } = 1000;

    /// <summary>
    /// <see cref="DeliveryBytesPerSecond"/> by default (32 MiB/s): far above what people chatting send (a 1 MiB message to
    /// 16 connections twice a second), a small share of what the server writes on two cores, so one sender's fan-out
    /// leaves room for everybody else's frames.
    /// </summary>
    public const int DefaultDeliveryBytesPerSecond = 32 * 1024 * 1024;

    /// <summary>
    /// <see cref="DeliveryBurstBytes"/> by default (16 MiB): the largest message (1 MiB) to a name on its most connections
    /// (16) costs this, so a single send never holds its sender back, not even its next ping.
    /// </summary>
    public const int DefaultDeliveryBurstBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Per connection, bytes of deliveries its sends may queue per second, counted over all the recipient's connections
    /// (frame size × copies). Past its burst, the connection's next frame is read only once the rate has paid for what
    /// it already caused: a sender that fans out is slowed down, the others are not. 0 turns the budget off.
    /// </summary>
    public int DeliveryBytesPerSecond { get; init; } = DefaultDeliveryBytesPerSecond;

    /// <summary>Deliveries a connection may cause at once before <see cref="DeliveryBytesPerSecond"/> holds it back.</summary>
    public int DeliveryBurstBytes { get; init; } = DefaultDeliveryBurstBytes;

    /// <summary>Names newly registered per remote address per hour (a token bucket of that size); 0 turns the limit off.</summary>
    public int RegistrationsPerAddressPerHour { get; init; } = 10;

    /// <summary>Names newly registered on the whole server per hour (a token bucket of that size); 0 turns the limit off.</summary>
    public int RegistrationsPerHour { get; init; } = 1000;

    /// <summary>Names one key may own; registering one more gets TOO_MANY_NAMES.</summary>
    public int MaxNamesPerKey { get; init; } = DefaultMaxNamesPerKey;

    // ---- Prekeys (docs/protocol.md §12.1): each has a key of the same name in ParleyServerSettings.

    /// <summary>One-time prekeys the server keeps per key (<see cref="MaxOneTimePrekeys"/>).</summary>
    public const int DefaultMaxOneTimePrekeys = 100;

    /// <summary>The one-time prekeys left below which the owner is told (<see cref="PrekeyRefillBelow"/>).</summary>
    public const int DefaultPrekeyRefillBelow = 25;

    /// <summary>One-time prekeys the server keeps per key; an upload that would keep more gets TOO_MANY_PREKEYS and stores nothing.</summary>
    public int MaxOneTimePrekeys { get; init; } = DefaultMaxOneTimePrekeys;

    /// <summary>
    /// When a bundle handed out leaves fewer one-time prekeys than this, the owner's online connections are sent
    /// PrekeyStatus (and every login gets it in LoginAccepted); 0 never pushes.
    /// </summary>
    public int PrekeyRefillBelow { get; init; } = DefaultPrekeyRefillBelow;

    /// <summary>
    /// One fetching key gets at most one of an owner's one-time prekeys per this interval (1 hour by default); its other
    /// bundles of that owner in the meantime come without one (docs/security.md, draining). Zero turns it off.
    /// </summary>
    public TimeSpan OneTimePrekeyPerFetcherInterval { get; init; } = TimeSpan.FromHours(1);
    // ---- Offline queue (docs/protocol.md §12.2): messages for registered names with no connection online, in <data>/queue.db.

    /// <summary><see cref="QueueMaxMessagesPerRecipient"/> by default.</summary>
    public const int DefaultQueueMaxMessagesPerRecipient = 1000;

    /// <summary><see cref="QueueMaxBytesPerRecipient"/> by default (16 MiB).</summary>
    public const int DefaultQueueMaxBytesPerRecipient = 16 * 1024 * 1024;

    /// <summary><see cref="QueueMaxTotalBytes"/> by default (1 GiB).</summary>
    public const long DefaultQueueMaxTotalBytes = 1024L * 1024 * 1024;

    /// <summary><see cref="QueueMaxAge"/> by default.</summary>
    public static readonly TimeSpan DefaultQueueMaxAge = TimeSpan.FromDays(30);

    /// <summary>Messages kept for one offline name; one more gets QUEUE_FULL.</summary>
    public int QueueMaxMessagesPerRecipient { get; init; } = DefaultQueueMaxMessagesPerRecipient;

    /// <summary>Sealed bytes kept for one offline name; a message that would pass it gets QUEUE_FULL.</summary>
    public int QueueMaxBytesPerRecipient { get; init; } = DefaultQueueMaxBytesPerRecipient;

    /// <summary>Sealed bytes kept for all offline names together; a message that would pass it gets QUEUE_FULL.</summary>
    public long QueueMaxTotalBytes { get; init; } = DefaultQueueMaxTotalBytes;

    /// <summary>A queued message not acknowledged within this is deleted (by a periodic sweep, and at its recipient's login).</summary>
    public TimeSpan QueueMaxAge { get; init; } = DefaultQueueMaxAge;

    /// <summary>
    /// A PEM certificate (chain) for TLS on the Parley port, and on the HTTP port too; null (the default): the
    /// server's own self-signed identity under "&lt;DataDirectory&gt;/tls/", made on first start. Needs <see cref="TlsKeyPath"/>.
    /// </summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>The PEM private key of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>
    /// Plain TCP on the Parley port (no TLS, logins bound to no server) and plain HTTP on any address; for
    /// experiments only, and said at every start. False by default.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// On SIGTERM or Ctrl+C, how long the server may take to write what is queued for its connections and its
    /// SERVER_SHUTTING_DOWN goodbye (5 s by default); connections still open after that are cut.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Builds options from the layered sources. Override keys (case-insensitive) are the properties of
    /// ParleyServerSettings (README "Server settings"); null values are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">A value is not usable; the message names it.</exception>
    public static ParleyServerOptions Resolve(IReadOnlyDictionary<string, string?> overrides) =>
        Resolve(overrides, Directory.GetCurrentDirectory());

    internal static ParleyServerOptions Resolve(IReadOnlyDictionary<string, string?> overrides, string settingsDirectory)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var file = new ConfigurationBuilder()
            .SetBasePath(settingsDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .Build()
            .GetSection("Parley")
            .AsEnumerable(makePathsRelative: true);

        var layered = new ConfigurationBuilder()
            .AddInMemoryCollection(file)
            .AddEnvironmentVariables("PARLEY_")
            .AddInMemoryCollection(overrides.Where(pair => pair.Value is not null))
            .Build();

        var options = ParleyServerSettings.Bind(layered).ToOptions();
        options.Validate();
        return options;
    }

    /// <exception cref="ArgumentException">A value is not usable; the message names it.</exception>
    public void Validate()
    {
        var result = new ParleyServerOptionsValidator().Validate(Options.DefaultName, this);
        if (result.Failed)
        {
            throw new ArgumentException(result.Failures.First());
        }
    }
}
