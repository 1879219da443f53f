namespace Parley.Client;

/// <summary>A connection or login failure, with a one-line human message.</summary>
public sealed class ParleyException : Exception
{
    public ParleyException()
        : this(ParleyErrorKind.Other, "Parley error")
    {
    }

    public ParleyException(string message)
        : this(ParleyErrorKind.Other, message)
    {
    }

    public ParleyException(string message, Exception innerException)
        : this(ParleyErrorKind.Other, message, innerException)
    {
    }

    public ParleyException(ParleyErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public ParleyException(ParleyErrorKind kind, string message, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ParleyErrorKind Kind { get; }

    /// <summary>How long the server asked to wait before trying again (its retry_after_ms), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The server's error code when the server refused (reconnecting tells a lasting refusal from a passing one).</summary>
    internal Parley.Protocol.Messages.ErrorCode? ServerCode { get; init; }
}
