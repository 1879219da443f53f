using Parley.Protocol.Messages;

namespace Parley.Server.Limits;

/// <summary>Why a limit turned something away: the code and line the client gets, and when trying again makes sense.</summary>
/// <param name="Fatal">True when the connection is closed with it; false for a request answered with <paramref name="Code"/>.</param>
internal readonly record struct Refusal(ErrorCode Code, string Message, TimeSpan RetryAfter, bool Fatal = true)
{
    /// <summary>The advice for Error.retry_after_ms: whole milliseconds, at least 1 when there is any.</summary>
    public uint RetryAfterMs => RetryAfter <= TimeSpan.Zero ? 0 : (uint)Math.Clamp(Math.Ceiling(RetryAfter.TotalMilliseconds), 1, uint.MaxValue);
}
