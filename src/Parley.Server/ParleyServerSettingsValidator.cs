using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Parley.Server;

/// <summary>Each key's own range; the checks between options are <see cref="ParleyServerOptionsValidator"/>'s.</summary>
internal sealed class ParleyServerSettingsValidator : IValidateOptions<ParleyServerSettings>
{
    private const double MaxLoginTimeoutSeconds = 3600;
    private const double MaxVideoUrlLifetimeSeconds = 86400;
    private const double MaxWriteDeadlineSeconds = 3600;
    private const string QueueTotalKey = "OutboundQueueTotalBytes";
    private const double MaxShutdownTimeoutSeconds = 300;

    private static readonly Dictionary<string, (int Min, int Max)> s_wholeNumbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Port"] = (0, 65535),
        ["HttpPort"] = (-1, 65535),
        ["MaxFrameBytes"] = (1024, 64 * 1024 * 1024),
        ["OutboundQueueCapacity"] = (16, 1 << 20),
        ["OutboundQueueBytes"] = (64 * 1024, int.MaxValue),
        ["LoginVerificationWorkers"] = (1, ParleyServerOptions.MaxLoginVerificationWorkers),
        ["LoginVerificationQueue"] = (0, ParleyServerOptions.MaxLoginVerificationQueue),

        // Admission limits; for the rates 0 turns the limit off.
        ["MaxLoginFrameBytes"] = (2048, 64 * 1024),
        ["MaxConnections"] = (1, 1 << 20),
        ["MaxConnectionsPerAddress"] = (1, 1 << 20),
        ["MaxConnectionsPerName"] = (1, 1 << 20),
        ["ConnectionsPerAddressPerMinute"] = (0, 1 << 20),
        ["RefusalHandshakesPerSecond"] = (0, 1 << 20),
        ["LoginsPerAddressPerMinute"] = (0, 1 << 20),
        ["RequestsPerSecond"] = (0, 1 << 24),
        ["DeliveryBytesPerSecond"] = (0, int.MaxValue),
        ["DeliveryBurstBytes"] = (1024, int.MaxValue),
        ["RegistrationsPerAddressPerHour"] = (0, 1 << 20),
        ["RegistrationsPerHour"] = (0, 1 << 24),
        ["MaxNamesPerKey"] = (1, 1 << 16),

        // Prekeys; for the interval 0 turns the limit off.
        ["MaxOneTimePrekeys"] = (1, 10_000),
        ["PrekeyRefillBelow"] = (0, 10_000),
        ["OneTimePrekeyPerFetcherSeconds"] = (0, 7 * 86400),
        // Offline queue.
        ["QueueMaxMessagesPerRecipient"] = (1, 1 << 20),
        ["QueueMaxBytesPerRecipient"] = (1024, int.MaxValue),
    };

    private static readonly Dictionary<string, double> s_seconds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LoginTimeoutSeconds"] = MaxLoginTimeoutSeconds,
        ["VideoUrlLifetimeSeconds"] = MaxVideoUrlLifetimeSeconds,
        ["FrameTimeoutSeconds"] = MaxLoginTimeoutSeconds,
        ["HeartbeatIntervalSeconds"] = MaxHeartbeatSeconds,
        ["IdleTimeoutSeconds"] = MaxIdleTimeoutSeconds,
        ["WriteDeadlineSeconds"] = MaxWriteDeadlineSeconds,
        ["ShutdownTimeoutSeconds"] = MaxShutdownTimeoutSeconds,
        ["QueueMaxAgeSeconds"] = MaxQueueAgeSeconds,
    };

    private const double MaxQueueAgeSeconds = 10 * 366 * 86400;
    private const string QueueMaxTotalKey = "QueueMaxTotalBytes";

    private const double MaxHeartbeatSeconds = 3600;
    private const double MaxIdleTimeoutSeconds = 4 * 3600;

    private static readonly string[] s_switches = ["GenerateSampleVideos", "Insecure", "LimitLoopbackAddresses"];

    public ValidateOptionsResult Validate(string? name, ParleyServerSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        WholeNumber(failures, "Port", options.Port);
        WholeNumber(failures, "MaxFrameBytes", options.MaxFrameBytes);
        Seconds(failures, "LoginTimeoutSeconds", options.LoginTimeoutSeconds);
        WholeNumber(failures, "OutboundQueueCapacity", options.OutboundQueueCapacity);
        WholeNumber(failures, "OutboundQueueBytes", options.OutboundQueueBytes);
        WholeNumber(failures, "LoginVerificationWorkers", options.LoginVerificationWorkers);
        WholeNumber(failures, "LoginVerificationQueue", options.LoginVerificationQueue);
        Seconds(failures, "VideoUrlLifetimeSeconds", options.VideoUrlLifetimeSeconds);
        WholeNumber(failures, "HttpPort", options.HttpPort);
        WholeNumber(failures, "MaxLoginFrameBytes", options.MaxLoginFrameBytes);
        Seconds(failures, "FrameTimeoutSeconds", options.FrameTimeoutSeconds);
        Seconds(failures, "HeartbeatIntervalSeconds", options.HeartbeatIntervalSeconds);
        Seconds(failures, "IdleTimeoutSeconds", options.IdleTimeoutSeconds);
        WholeNumber(failures, "MaxConnections", options.MaxConnections);
        WholeNumber(failures, "MaxConnectionsPerAddress", options.MaxConnectionsPerAddress);
        WholeNumber(failures, "MaxConnectionsPerName", options.MaxConnectionsPerName);
        WholeNumber(failures, "ConnectionsPerAddressPerMinute", options.ConnectionsPerAddressPerMinute);
        WholeNumber(failures, "RefusalHandshakesPerSecond", options.RefusalHandshakesPerSecond);
        WholeNumber(failures, "LoginsPerAddressPerMinute", options.LoginsPerAddressPerMinute);
        WholeNumber(failures, "RequestsPerSecond", options.RequestsPerSecond);
        WholeNumber(failures, "DeliveryBytesPerSecond", options.DeliveryBytesPerSecond);
        WholeNumber(failures, "DeliveryBurstBytes", options.DeliveryBurstBytes);
        WholeNumber(failures, "RegistrationsPerAddressPerHour", options.RegistrationsPerAddressPerHour);
        WholeNumber(failures, "RegistrationsPerHour", options.RegistrationsPerHour);
        WholeNumber(failures, "MaxNamesPerKey", options.MaxNamesPerKey);
        WholeNumber(failures, "MaxOneTimePrekeys", options.MaxOneTimePrekeys);
        WholeNumber(failures, "PrekeyRefillBelow", options.PrekeyRefillBelow);
        WholeNumber(failures, "OneTimePrekeyPerFetcherSeconds", options.OneTimePrekeyPerFetcherSeconds);
        if (options.OutboundQueueTotalBytes is < ParleyServerOptions.MinOutboundQueueTotalBytes)
        {
            failures.Add(QueueTotalRefusal(options.OutboundQueueTotalBytes.Value.ToString(CultureInfo.InvariantCulture)));
        }

        Seconds(failures, "WriteDeadlineSeconds", options.WriteDeadlineSeconds);
        Seconds(failures, "ShutdownTimeoutSeconds", options.ShutdownTimeoutSeconds);
        WholeNumber(failures, "QueueMaxMessagesPerRecipient", options.QueueMaxMessagesPerRecipient);
        WholeNumber(failures, "QueueMaxBytesPerRecipient", options.QueueMaxBytesPerRecipient);
        Seconds(failures, "QueueMaxAgeSeconds", options.QueueMaxAgeSeconds);
        if (options.QueueMaxTotalBytes is < 1024)
        {
            failures.Add(QueueMaxTotalRefusal(options.QueueMaxTotalBytes.Value.ToString(CultureInfo.InvariantCulture)));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The refusal of the first value in <paramref name="given"/> that the binder cannot convert.</summary>
    public static string RefusalOfUnconvertible(IConfiguration given)
    {
        foreach (var (key, range) in s_wholeNumbers)
        {
            if (given[key] is { } raw && !int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                return WholeNumberRefusal(key, range, raw);
            }
        }

        foreach (var (key, max) in s_seconds)
        {
            if (given[key] is { } raw && !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return SecondsRefusal(key, max, raw);
            }
        }

        if (given[QueueTotalKey] is { } total && !long.TryParse(total, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return QueueTotalRefusal(total);
        }

        if (given[QueueMaxTotalKey] is { } queueTotal && !long.TryParse(queueTotal, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return QueueMaxTotalRefusal(queueTotal);
        }

        foreach (var key in s_switches)
        {
            if (given[key] is { } flag && !bool.TryParse(flag, out _))
            {
                return $"{key} must be true or false, got '{flag}'";
            }
        }

        return "the server settings could not be read";
    }

    private static void WholeNumber(List<string> failures, string key, int? value)
    {
        var range = s_wholeNumbers[key];
        if (value is { } given && (given < range.Min || given > range.Max))
        {
            failures.Add(WholeNumberRefusal(key, range, given.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void Seconds(List<string> failures, string key, double? value)
    {
        var max = s_seconds[key];
        if (value is { } given && (given <= 0 || given > max || double.IsNaN(given)))
        {
            failures.Add(SecondsRefusal(key, max, given.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static string QueueTotalRefusal(string raw) =>
        string.Create(CultureInfo.InvariantCulture, $"{QueueTotalKey} must be a whole number of bytes, at least {ParleyServerOptions.MinOutboundQueueTotalBytes}, got '{raw}'");

    private static string QueueMaxTotalRefusal(string raw) =>
        string.Create(CultureInfo.InvariantCulture, $"{QueueMaxTotalKey} must be a whole number of bytes, at least 1024, got '{raw}'");

    private static string WholeNumberRefusal(string key, (int Min, int Max) range, string raw) =>
        string.Create(CultureInfo.InvariantCulture, $"{key} must be a whole number from {range.Min} to {range.Max}, got '{raw}'");

    private static string SecondsRefusal(string key, double max, string raw) =>
        string.Create(CultureInfo.InvariantCulture, $"{key} must be a number of seconds above 0 and at most {max}, got '{raw}'");
}
