namespace Parley.Crypto;

/// <summary>How old, or how far ahead of our clock, a message may be when it arrives.</summary>
public sealed record FreshnessPolicy
{
    public static FreshnessPolicy Default { get; } = new();

    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a message id must be remembered to catch every replay that is still fresh.</summary>
    public TimeSpan ReplayWindow => MaxAge + MaxClockSkew;
}
