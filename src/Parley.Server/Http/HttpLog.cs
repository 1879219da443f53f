using Microsoft.Extensions.Logging;

namespace Parley.Server.Http;

/// <summary>The HTTP (HLS) side's log events (event ids 3250-3299).</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 3250, Level = LogLevel.Warning, Message = "{Path} holds {Length} bytes, not a {Expected}-byte key; made a new key (URLs handed out earlier no longer work)")]
    public static partial void TokenKeyWrongLength(this ILogger logger, string path, long length, int expected);

    [LoggerMessage(EventId = 3251, Level = LogLevel.Warning, Message = "{Path} gave group or others access, so video URLs could be forged; made a new key (URLs handed out earlier no longer work)")]
    public static partial void TokenKeyTooOpen(this ILogger logger, string path);

    [LoggerMessage(EventId = 3252, Level = LogLevel.Warning, Message = "{Path} reads back as mode {Mode}: its file system keeps no Unix permissions, so the key is kept as it is; keep the data directory private, as anyone who can read the key can forge video URLs")]
    public static partial void TokenKeyModesIgnored(this ILogger logger, string path, string mode);
}
