using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// Which failures a reconnect may cure. Passing ones (the server went away, is restarting, busy, rate
/// limiting, over its connection caps, or dropped this client as idle or slow) are retried; a refusal
/// that trying again would only repeat (the name is taken or invalid, the key or signature refused,
/// the protocol broken) ends the client, so it never loops on it. What is not known to pass does not.
/// </summary>
internal static class ReconnectRules
{
    /// <summary>A connection that ended with <paramref name="kind"/> after the server's <paramref name="fatal"/> error (if any).</summary>
    public static bool MayRetry(ParleyErrorKind kind, Error? fatal) =>
        fatal is not null ? Passes(fatal.Code) : kind is ParleyErrorKind.Disconnected;

    /// <summary>A dial or login that failed with <paramref name="failure"/>.</summary>
    public static bool MayRetry(ParleyException failure) =>
        failure.ServerCode is { } code
            ? Passes(code)
            : failure.Kind is ParleyErrorKind.ConnectionFailed or ParleyErrorKind.Disconnected or ParleyErrorKind.Timeout or ParleyErrorKind.ServerBusy;

    private static bool Passes(ErrorCode code) => code is ErrorCode.ServerShuttingDown or ErrorCode.ServerBusy
        or ErrorCode.TooManyConnections or ErrorCode.RateLimited or ErrorCode.SlowConsumer or ErrorCode.IdleTimeout
        or ErrorCode.FrameTimeout or ErrorCode.LoginTimeout or ErrorCode.Internal;
}
