using System.Globalization;
using Microsoft.Extensions.Configuration;
using Parley.Protocol;

namespace Parley.Server;

/// <summary>
/// Everything a Parley server can be told. <see cref="Resolve"/> layers, lowest first:
/// these defaults, the "Parley" section of appsettings.json in the working directory,
/// PARLEY_* environment variables, then explicit overrides (e.g. command-line options).
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

    /// <summary>TCP port; 0 picks a free one (see <see cref="ParleyServerHost.Endpoint"/>).</summary>
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

    /// <summary>Not configurable from outside: tests hold the login workers with it (each waits for it before every check).</summary>
    internal Task? LoginVerificationGate { get; init; }

    private const int MaxLoginVerificationWorkers = 1024;
    private const int MaxLoginVerificationQueue = 1 << 20;

    private readonly int? _httpPort;

    /// <summary>
    /// Port of the HTTP (HLS) endpoint on the same Host: 8080 by default; 0 picks a free one (see
    /// <see cref="ParleyServerHost.HttpEndpoint"/>); -1 turns HTTP off. Left unset while
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

    /// <summary>The clock video URLs expire by; not configurable from outside, tests substitute their own.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where the server's log also goes, beside the console; not configurable from outside, tests read it.</summary>
    internal Microsoft.Extensions.Logging.ILoggerProvider? ExtraLog { get; init; }

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
    /// Builds options from the layered sources. Override keys (case-insensitive): Host, Port,
    /// Data, Videos, MaxFrameBytes, LoginTimeoutSeconds, OutboundQueueCapacity, OutboundQueueBytes,
    /// LoginVerificationWorkers, LoginVerificationQueue,
    /// Media (MediaCacheDirectory), GenerateSampleVideos, Ffmpeg (FfmpegPath), Ffprobe (FfprobePath),
    /// HttpPort, VideoUrlLifetimeSeconds;
    /// null values are ignored.
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

        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(file)
            .AddEnvironmentVariables("PARLEY_")
            .AddInMemoryCollection(overrides.Where(pair => pair.Value is not null))
            .Build();

        var defaults = new ParleyServerOptions();
        var options = new ParleyServerOptions
        {
            Host = Text(config, defaults.Host, "Host"),
            Port = Number(config, defaults.Port, 0, 65535, "Port"),
            DataDirectory = Text(config, defaults.DataDirectory, "Data", "DataDirectory"),
            VideosDirectory = Text(config, defaults.VideosDirectory, "Videos", "VideosDirectory"),
            MaxFrameBytes = Number(config, defaults.MaxFrameBytes, 1024, 64 * 1024 * 1024, "MaxFrameBytes"),
            LoginTimeout = TimeSpan.FromSeconds(Seconds(config, defaults.LoginTimeout.TotalSeconds, "LoginTimeoutSeconds")),
            OutboundQueueCapacity = Number(config, defaults.OutboundQueueCapacity, 16, 1 << 20, "OutboundQueueCapacity"),
            OutboundQueueBytes = Number(config, defaults.OutboundQueueBytes, 64 * 1024, int.MaxValue, "OutboundQueueBytes"),
            LoginVerificationWorkers = Number(config, defaults.LoginVerificationWorkers, 1, MaxLoginVerificationWorkers, "LoginVerificationWorkers"),
            LoginVerificationQueue = Number(config, defaults.LoginVerificationQueue, 0, MaxLoginVerificationQueue, "LoginVerificationQueue"),
            VideoUrlLifetime = TimeSpan.FromSeconds(Seconds(config, defaults.VideoUrlLifetime.TotalSeconds, "VideoUrlLifetimeSeconds", 86400)),
            GenerateSampleVideos = Flag(config, defaults.GenerateSampleVideos, "GenerateSampleVideos"),
            FfmpegPath = Text(config, defaults.FfmpegPath, "Ffmpeg", "FfmpegPath"),
            FfprobePath = Text(config, defaults.FfprobePath, "Ffprobe", "FfprobePath"),
        };
        var media = Raw(config, ["Media", "MediaCacheDirectory"]);
        if (media is not null)
        {
            options = options with { MediaCacheDirectory = media };
        }

        if (Raw(config, ["HttpPort"]) is not null)
        {
            options = options with { HttpPort = Number(config, DefaultHttpPort, -1, 65535, "HttpPort") };
        }

        options.Validate();
        return options;
    }

    /// <exception cref="ArgumentException">A value is not usable; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host must not be empty");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be 0..65535, got {Port}");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory) || string.IsNullOrWhiteSpace(VideosDirectory))
        {
            throw new ArgumentException("the data and videos directories must not be empty");
        }

        if (HttpPort is < -1 or > 65535 || (HttpPort > 0 && HttpPort == Port))
        {
            throw new ArgumentException($"HttpPort must be -1 (off), 0 (any free port) or a port other than Port, got {HttpPort}");
        }

        if (string.IsNullOrWhiteSpace(MediaCacheDirectory))
        {
            throw new ArgumentException("the media cache directory must not be empty");
        }

        if (string.IsNullOrWhiteSpace(FfmpegPath) || string.IsNullOrWhiteSpace(FfprobePath))
        {
            throw new ArgumentException("the ffmpeg and ffprobe paths must not be empty");
        }

        if (MaxFrameBytes < 1024)
        {
            throw new ArgumentException($"MaxFrameBytes must be at least 1024, got {MaxFrameBytes}");
        }

        if (LoginTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"LoginTimeout must be positive, got {LoginTimeout}");
        }

        if (OutboundQueueCapacity < 16)
        {
            throw new ArgumentException($"OutboundQueueCapacity must be at least 16, got {OutboundQueueCapacity}");
        }

        if (LoginVerificationWorkers is < 1 or > MaxLoginVerificationWorkers)
        {
            throw new ArgumentException(
                $"LoginVerificationWorkers must be 1..{MaxLoginVerificationWorkers}, got {LoginVerificationWorkers}");
        }

        if (LoginVerificationQueue is < 0 or > MaxLoginVerificationQueue)
        {
            throw new ArgumentException(
                $"LoginVerificationQueue must be 0..{MaxLoginVerificationQueue}, got {LoginVerificationQueue}");
        }

        if (OutboundQueueBytes < MaxFrameBytes)
        {
            throw new ArgumentException(
                $"OutboundQueueBytes ({OutboundQueueBytes}) must be at least MaxFrameBytes ({MaxFrameBytes})");
        }
    }

    private static string? Raw(IConfiguration config, string[] keys)
    {
        foreach (var key in keys)
        {
            var value = config[key];
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    private static string Text(IConfiguration config, string fallback, params string[] keys) =>
        Raw(config, keys) ?? fallback;

    private static int Number(IConfiguration config, int fallback, int min, int max, params string[] keys)
    {
        var raw = Raw(config, keys);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{keys[0]} must be a whole number from {min} to {max}, got '{raw}'");
        }

        return value;
    }

    private static bool Flag(IConfiguration config, bool fallback, string key)
    {
        var raw = Raw(config, [key]);
        if (raw is null)
        {
            return fallback;
        }

        return bool.TryParse(raw, out var value)
            ? value
            : throw new ArgumentException($"{key} must be true or false, got '{raw}'");
    }

    private static double Seconds(IConfiguration config, double fallback, string key, double max = 3600)
    {
        var raw = Raw(config, [key]);
        if (raw is null)
        {
            return fallback;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > max)
        {
            throw new ArgumentException($"{key} must be a number of seconds above 0 and at most {max}, got '{raw}'");
        }

        return value;
    }
}
