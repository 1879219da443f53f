using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>What a server error code means to the user of this library.</summary>
internal static class ServerErrors
{
    public static ParleyErrorKind KindOf(ErrorCode code) => code switch
    {
        ErrorCode.NameTaken => ParleyErrorKind.NameTaken,
        ErrorCode.InvalidName => ParleyErrorKind.InvalidName,
        ErrorCode.LoginTimeout => ParleyErrorKind.Timeout,
        ErrorCode.ServerBusy => ParleyErrorKind.ServerBusy,
        ErrorCode.ServerShuttingDown or ErrorCode.SlowConsumer => ParleyErrorKind.Disconnected,
        ErrorCode.BadPreamble or ErrorCode.MalformedFrame or ErrorCode.FrameTooLarge or ErrorCode.UnsupportedVersion
            or ErrorCode.UnexpectedFrame or ErrorCode.InvalidPublicKey or ErrorCode.BadSignature => ParleyErrorKind.ProtocolError,
        _ => ParleyErrorKind.Other,
    };

    /// <summary>One line: the server's own message and its code, e.g. "the name 'bob' belongs to another key (NAME_TAKEN)".</summary>
    public static string Describe(Error error)
    {
        var message = string.IsNullOrWhiteSpace(error.Message) ? "no details given" : error.Message.ReplaceLineEndings(" ").Trim();
        return $"{message} ({CodeName(error.Code)})";
    }

    public static ParleyException ToException(Error error) => new(KindOf(error.Code), "the server refused: " + Describe(error))
    {
        ServerCode = error.Code,
        RetryAfter = RetryAfterOf(error),
    };

    /// <summary>The server's retry_after_ms advice, null when it gave none.</summary>
    public static TimeSpan? RetryAfterOf(Error? error) =>
        error is { RetryAfterMs: > 0 } ? TimeSpan.FromMilliseconds(error.RetryAfterMs) : null;

    private static string CodeName(ErrorCode code) => code switch
    {
        ErrorCode.NameTaken => "NAME_TAKEN",
        ErrorCode.InvalidName => "INVALID_NAME",
        ErrorCode.LoginTimeout => "LOGIN_TIMEOUT",
        ErrorCode.ServerShuttingDown => "SERVER_SHUTTING_DOWN",
        ErrorCode.ServerBusy => "SERVER_BUSY",
        ErrorCode.SlowConsumer => "SLOW_CONSUMER",
        ErrorCode.BadPreamble => "BAD_PREAMBLE",
        ErrorCode.MalformedFrame => "MALFORMED_FRAME",
        ErrorCode.FrameTooLarge => "FRAME_TOO_LARGE",
        ErrorCode.UnsupportedVersion => "UNSUPPORTED_VERSION",
        ErrorCode.UnexpectedFrame => "UNEXPECTED_FRAME",
        ErrorCode.InvalidPublicKey => "INVALID_PUBLIC_KEY",
        ErrorCode.BadSignature => "BAD_SIGNATURE",
        ErrorCode.Internal => "INTERNAL",
        _ => "error " + ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
