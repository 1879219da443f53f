using Microsoft.Extensions.Options;

namespace Parley.Server;

/// <summary>Whether options can run a server: every value usable, and the ones that depend on each other agree.</summary>
internal sealed class ParleyServerOptionsValidator : IValidateOptions<ParleyServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ParleyServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failure = FirstFailure(options);
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }

    private static string? FirstFailure(ParleyServerOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            return "Host must not be empty";
        }

        if (o.Port is < 0 or > 65535)
        {
            return $"Port must be 0..65535, got {o.Port}";
        }

        if (string.IsNullOrWhiteSpace(o.DataDirectory) || string.IsNullOrWhiteSpace(o.VideosDirectory))
        {
            return "the data and videos directories must not be empty";
        }

        if (o.HttpPort is < -1 or > 65535 || (o.HttpPort > 0 && o.HttpPort == o.Port))
        {
            return $"HttpPort must be -1 (off), 0 (any free port) or a port other than Port, got {o.HttpPort}";
        }

        if (string.IsNullOrWhiteSpace(o.MediaCacheDirectory))
        {
            return "the media cache directory must not be empty";
        }

        if (string.IsNullOrWhiteSpace(o.FfmpegPath) || string.IsNullOrWhiteSpace(o.FfprobePath))
        {
            return "the ffmpeg and ffprobe paths must not be empty";
        }

        if (o.MaxFrameBytes < 1024)
        {
            return $"MaxFrameBytes must be at least 1024, got {o.MaxFrameBytes}";
        }

        if (o.LoginTimeout <= TimeSpan.Zero)
        {
            return $"LoginTimeout must be positive, got {o.LoginTimeout}";
        }

        if (o.ShutdownTimeout <= TimeSpan.Zero)
        {
            return $"ShutdownTimeout must be positive, got {o.ShutdownTimeout}";
        }

        if (o.OutboundQueueCapacity < 16)
        {
            return $"OutboundQueueCapacity must be at least 16, got {o.OutboundQueueCapacity}";
        }

        if (o.LoginVerificationWorkers is < 1 or > ParleyServerOptions.MaxLoginVerificationWorkers)
        {
            return $"LoginVerificationWorkers must be 1..{ParleyServerOptions.MaxLoginVerificationWorkers}, got {o.LoginVerificationWorkers}";
        }

        if (o.LoginVerificationQueue is < 0 or > ParleyServerOptions.MaxLoginVerificationQueue)
        {
            return $"LoginVerificationQueue must be 0..{ParleyServerOptions.MaxLoginVerificationQueue}, got {o.LoginVerificationQueue}";
        }

        if ((o.TlsCertificatePath is null) != (o.TlsKeyPath is null))
        {
            return "TlsCert and TlsKey go together: give both PEM files, or neither for the server's own certificate";
        }

        if (o.Insecure && o.TlsCertificatePath is not null)
        {
            return "Insecure serves plain TCP: it cannot be combined with TlsCert and TlsKey";
        }

        var admission = AdmissionFailure(o);
        if (admission is not null)
        {
            return admission;
        }

        if (o.WriteDeadline <= TimeSpan.Zero && o.WriteDeadline != Timeout.InfiniteTimeSpan)
        {
            return $"WriteDeadline must be positive, got {o.WriteDeadline}";
        }

        if (QueueFailure(o) is { } queue)
        {
            return queue;
        }

        if (o.OutboundQueueTotalBytes < o.OutboundQueueBytes)
        {
            return $"OutboundQueueTotalBytes ({o.OutboundQueueTotalBytes}) must be at least OutboundQueueBytes ({o.OutboundQueueBytes})";
        }

        return o.OutboundQueueBytes < o.MaxFrameBytes
            ? $"OutboundQueueBytes ({o.OutboundQueueBytes}) must be at least MaxFrameBytes ({o.MaxFrameBytes})"
            : null;
    }

    private static string? QueueFailure(ParleyServerOptions o)
    {
        if (o.QueueMaxMessagesPerRecipient < 1)
        {
            return $"QueueMaxMessagesPerRecipient must be at least 1, got {o.QueueMaxMessagesPerRecipient}";
        }

        if (o.QueueMaxBytesPerRecipient < 1024 || o.QueueMaxTotalBytes < o.QueueMaxBytesPerRecipient)
        {
            return $"QueueMaxBytesPerRecipient must be at least 1024 and QueueMaxTotalBytes at least QueueMaxBytesPerRecipient, got {o.QueueMaxBytesPerRecipient} and {o.QueueMaxTotalBytes}";
        }

        return o.QueueMaxAge <= TimeSpan.Zero ? $"QueueMaxAge must be positive, got {o.QueueMaxAge}" : null;
    }

    private static string? AdmissionFailure(ParleyServerOptions o)
    {
        if (o.MaxLoginFrameBytes < 2048 || o.MaxLoginFrameBytes > o.MaxFrameBytes)
        {
            return $"MaxLoginFrameBytes must be at least 2048 (a login needs about 1.5 KiB) and at most MaxFrameBytes ({o.MaxFrameBytes}), got {o.MaxLoginFrameBytes}";
        }

        if (o.FrameTimeout <= TimeSpan.Zero)
        {
            return $"FrameTimeout must be positive, got {o.FrameTimeout}";
        }

        if (o.HeartbeatInterval < TimeSpan.FromSeconds(1))
        {
            return $"HeartbeatInterval must be at least 1 s (clients ping no more often), got {o.HeartbeatInterval}";
        }

        if (o.IdleTimeout < 2 * o.HeartbeatInterval)
        {
            return $"IdleTimeout ({o.IdleTimeout}) must be at least twice HeartbeatInterval ({o.HeartbeatInterval}), so one late ping does not cut a client off";
        }

        if (o.MaxConnections < 1 || o.MaxConnectionsPerAddress < 1 || o.MaxConnectionsPerName < 1 || o.MaxNamesPerKey < 1)
        {
            return "MaxConnections, MaxConnectionsPerAddress, MaxConnectionsPerName and MaxNamesPerKey must be at least 1";
        }

        if (PrekeyFailure(o) is { } prekeys)
        {
            return prekeys;
        }

        if (o.DeliveryBurstBytes < 1)
        {
            return $"DeliveryBurstBytes must be at least 1, got {o.DeliveryBurstBytes}";
        }

        return o.ConnectionsPerAddressPerMinute < 0 || o.RefusalHandshakesPerSecond < 0 || o.LoginsPerAddressPerMinute < 0 || o.RequestsPerSecond < 0
            || o.RegistrationsPerAddressPerHour < 0 || o.RegistrationsPerHour < 0 || o.DeliveryBytesPerSecond < 0
            ? "the rate limits must be 0 (off) or more"
            : null;
    }

    private static string? PrekeyFailure(ParleyServerOptions o) =>
        o.MaxOneTimePrekeys < 1 ? $"MaxOneTimePrekeys must be at least 1, got {o.MaxOneTimePrekeys}"
        : o.PrekeyRefillBelow < 0 || o.PrekeyRefillBelow > o.MaxOneTimePrekeys
            ? $"PrekeyRefillBelow must be from 0 to MaxOneTimePrekeys ({o.MaxOneTimePrekeys}), got {o.PrekeyRefillBelow}"
        : o.OneTimePrekeyPerFetcherInterval < TimeSpan.Zero
            ? $"OneTimePrekeyPerFetcherInterval must be 0 (off) or more, got {o.OneTimePrekeyPerFetcherInterval}"
        : null;
}
