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

    /// <summary>Bytes of deliveries a connection may have waiting; bounds memory when messages are large.</summary>
    public const int DefaultOutboundQueueBytes = 16 * 1024 * 1024;

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

    public int OutboundQueueBytes { get; init; } = DefaultOutboundQueueBytes;

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
