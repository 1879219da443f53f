using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Parley.Server;

/// <summary>
/// The server's settings as users write them (flags, appsettings.json, PARLEY_* variables), one property
/// per key, filled by the configuration binder and checked by <see cref="ParleyServerSettingsValidator"/>.
/// Null is "not given": <see cref="ToOptions"/> keeps the option's default. Every setting has one key here, one
/// `parley server` flag and one PARLEY_* variable (README "Server settings"); the few older second keys of a setting
/// (DataDirectory for Data, ...) still bind, marked <see cref="SettingAliasAttribute"/>, and the setting's own key wins.
/// </summary>
internal sealed class ParleyServerSettings
{
    public string? Host { get; set; }

    public int? Port { get; set; }

    public int? HttpPort { get; set; }

    public string? Data { get; set; }

    [SettingAlias(nameof(Data))]
    public string? DataDirectory { get; set; }

    public string? Videos { get; set; }

    [SettingAlias(nameof(Videos))]
    public string? VideosDirectory { get; set; }

    public int? MaxFrameBytes { get; set; }

    public double? LoginTimeoutSeconds { get; set; }

    public int? OutboundQueueCapacity { get; set; }

    public int? OutboundQueueBytes { get; set; }

    public long? OutboundQueueTotalBytes { get; set; }

    public double? WriteDeadlineSeconds { get; set; }

    public int? LoginVerificationWorkers { get; set; }

    public int? LoginVerificationQueue { get; set; }

    public double? VideoUrlLifetimeSeconds { get; set; }

    public bool? GenerateSampleVideos { get; set; }

    public string? Media { get; set; }

    [SettingAlias(nameof(Media))]
    public string? MediaCacheDirectory { get; set; }

    public string? Ffmpeg { get; set; }

    [SettingAlias(nameof(Ffmpeg))]
    public string? FfmpegPath { get; set; }

    public string? Ffprobe { get; set; }

    [SettingAlias(nameof(Ffprobe))]
    public string? FfprobePath { get; set; }

    public string? TlsCert { get; set; }

    [SettingAlias(nameof(TlsCert))]
    public string? TlsCertificatePath { get; set; }

    public string? TlsKey { get; set; }

    [SettingAlias(nameof(TlsKey))]
    public string? TlsKeyPath { get; set; }

    public bool? Insecure { get; set; }
    // ---- Admission limits

    public int? MaxLoginFrameBytes { get; set; }

    public double? FrameTimeoutSeconds { get; set; }

    public double? HeartbeatIntervalSeconds { get; set; }

    public double? IdleTimeoutSeconds { get; set; }

    public int? MaxConnections { get; set; }

    public int? MaxConnectionsPerAddress { get; set; }

    public int? MaxConnectionsPerName { get; set; }

    public bool? LimitLoopbackAddresses { get; set; }

    public int? ConnectionsPerAddressPerMinute { get; set; }

    public int? RefusalHandshakesPerSecond { get; set; }

    public int? LoginsPerAddressPerMinute { get; set; }

    public int? RequestsPerSecond { get; set; }

    public int? DeliveryBytesPerSecond { get; set; }

    public int? DeliveryBurstBytes { get; set; }

    public int? RegistrationsPerAddressPerHour { get; set; }

    public int? RegistrationsPerHour { get; set; }

    public int? MaxNamesPerKey { get; set; }

    // ---- Prekeys

    public int? MaxOneTimePrekeys { get; set; }

    public int? PrekeyRefillBelow { get; set; }

    public int? OneTimePrekeyPerFetcherSeconds { get; set; }

    public double? ShutdownTimeoutSeconds { get; set; }

    // ---- Offline queue

    public int? QueueMaxMessagesPerRecipient { get; set; }

    public int? QueueMaxBytesPerRecipient { get; set; }

    public long? QueueMaxTotalBytes { get; set; }

    public double? QueueMaxAgeSeconds { get; set; }

    /// <summary>Binds and checks <paramref name="configuration"/>; blank values count as not given, others are trimmed.</summary>
    /// <exception cref="ArgumentException">A value is not usable; the message names its key.</exception>
    public static ParleyServerSettings Bind(IConfiguration configuration)
    {
        var given = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable()
                .Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
                .Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value!.Trim())))
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IValidateOptions<ParleyServerSettings>, ParleyServerSettingsValidator>();
        services.AddOptions<ParleyServerSettings>().Bind(given);
        using var provider = services.BuildServiceProvider();
        try
        {
            return provider.GetRequiredService<IOptions<ParleyServerSettings>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new ArgumentException(ex.Failures.First());
        }
        catch (InvalidOperationException)
        {
            // The binder could not convert a value ("seven" for Port): refuse it as its range would.
            throw new ArgumentException(ParleyServerSettingsValidator.RefusalOfUnconvertible(given));
        }
    }

    public ParleyServerOptions ToOptions()
    {
        var defaults = new ParleyServerOptions();
        var options = new ParleyServerOptions
        {
            Host = Host ?? defaults.Host,
            Port = Port ?? defaults.Port,
            DataDirectory = Data ?? DataDirectory ?? defaults.DataDirectory,
            VideosDirectory = Videos ?? VideosDirectory ?? defaults.VideosDirectory,
            MaxFrameBytes = MaxFrameBytes ?? defaults.MaxFrameBytes,
            LoginTimeout = LoginTimeoutSeconds is { } login ? TimeSpan.FromSeconds(login) : defaults.LoginTimeout,
            OutboundQueueCapacity = OutboundQueueCapacity ?? defaults.OutboundQueueCapacity,
            OutboundQueueTotalBytes = OutboundQueueTotalBytes ?? defaults.OutboundQueueTotalBytes,
            WriteDeadline = WriteDeadlineSeconds is { } deadline ? TimeSpan.FromSeconds(deadline) : defaults.WriteDeadline,
            LoginVerificationWorkers = LoginVerificationWorkers ?? defaults.LoginVerificationWorkers,
            LoginVerificationQueue = LoginVerificationQueue ?? defaults.LoginVerificationQueue,
            VideoUrlLifetime = VideoUrlLifetimeSeconds is { } url ? TimeSpan.FromSeconds(url) : defaults.VideoUrlLifetime,
            GenerateSampleVideos = GenerateSampleVideos ?? defaults.GenerateSampleVideos,
            FfmpegPath = Ffmpeg ?? FfmpegPath ?? defaults.FfmpegPath,
            FfprobePath = Ffprobe ?? FfprobePath ?? defaults.FfprobePath,
            TlsCertificatePath = TlsCert ?? TlsCertificatePath,
            TlsKeyPath = TlsKey ?? TlsKeyPath,
            Insecure = Insecure ?? defaults.Insecure,
        };

        options = options with
        {
            MaxLoginFrameBytes = MaxLoginFrameBytes ?? defaults.MaxLoginFrameBytes,
            FrameTimeout = FrameTimeoutSeconds is { } frame ? TimeSpan.FromSeconds(frame) : defaults.FrameTimeout,
            HeartbeatInterval = HeartbeatIntervalSeconds is { } heartbeat ? TimeSpan.FromSeconds(heartbeat) : defaults.HeartbeatInterval,
            IdleTimeout = IdleTimeoutSeconds is { } idle ? TimeSpan.FromSeconds(idle) : defaults.IdleTimeout,
            MaxConnections = MaxConnections ?? defaults.MaxConnections,
            MaxConnectionsPerAddress = MaxConnectionsPerAddress ?? defaults.MaxConnectionsPerAddress,
            MaxConnectionsPerName = MaxConnectionsPerName ?? defaults.MaxConnectionsPerName,
            LimitLoopbackAddresses = LimitLoopbackAddresses ?? defaults.LimitLoopbackAddresses,
            ConnectionsPerAddressPerMinute = ConnectionsPerAddressPerMinute ?? defaults.ConnectionsPerAddressPerMinute,
            RefusalHandshakesPerSecond = RefusalHandshakesPerSecond ?? defaults.RefusalHandshakesPerSecond,
            LoginsPerAddressPerMinute = LoginsPerAddressPerMinute ?? defaults.LoginsPerAddressPerMinute,
            RequestsPerSecond = RequestsPerSecond ?? defaults.RequestsPerSecond,
            DeliveryBytesPerSecond = DeliveryBytesPerSecond ?? defaults.DeliveryBytesPerSecond,
            DeliveryBurstBytes = DeliveryBurstBytes ?? defaults.DeliveryBurstBytes,
            RegistrationsPerAddressPerHour = RegistrationsPerAddressPerHour ?? defaults.RegistrationsPerAddressPerHour,
            RegistrationsPerHour = RegistrationsPerHour ?? defaults.RegistrationsPerHour,
            MaxNamesPerKey = MaxNamesPerKey ?? defaults.MaxNamesPerKey,
            MaxOneTimePrekeys = MaxOneTimePrekeys ?? defaults.MaxOneTimePrekeys,
            PrekeyRefillBelow = PrekeyRefillBelow ?? defaults.PrekeyRefillBelow,
            OneTimePrekeyPerFetcherInterval = OneTimePrekeyPerFetcherSeconds is { } perFetcher
                ? TimeSpan.FromSeconds(perFetcher)
                : defaults.OneTimePrekeyPerFetcherInterval,
            ShutdownTimeout = ShutdownTimeoutSeconds is { } shutdown ? TimeSpan.FromSeconds(shutdown) : defaults.ShutdownTimeout,
        };

        options = options with
        {
            QueueMaxMessagesPerRecipient = QueueMaxMessagesPerRecipient ?? defaults.QueueMaxMessagesPerRecipient,
            QueueMaxBytesPerRecipient = QueueMaxBytesPerRecipient ?? defaults.QueueMaxBytesPerRecipient,
            QueueMaxTotalBytes = QueueMaxTotalBytes ?? defaults.QueueMaxTotalBytes,
            QueueMaxAge = QueueMaxAgeSeconds is { } age ? TimeSpan.FromSeconds(age) : defaults.QueueMaxAge,
        };

        // Only when given: unset, these follow Port and DataDirectory.
        if ((Media ?? MediaCacheDirectory) is { } media)
        {
            options = options with { MediaCacheDirectory = media };
        }

        // Only when given: unset, it follows MaxFrameBytes.
        if (OutboundQueueBytes is { } queueBytes)
        {
            options = options with { OutboundQueueBytes = queueBytes };
        }

        if (HttpPort is { } httpPort)
        {
            options = options with { HttpPort = httpPort };
        }

        return options;
    }
}
