using Microsoft.Extensions.Logging;

namespace Parley.Server.Hosting;

/// <summary>What the server says while it stops.</summary>
internal static partial class ShutdownLog
{
    [LoggerMessage(EventId = 310, Level = LogLevel.Warning,
        Message = "Some connections had not taken their last frames within the shutdown timeout ({Timeout}); they were cut")]
    public static partial void TimedOut(ILogger logger, TimeSpan timeout);
}
