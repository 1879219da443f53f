namespace Parley.Streaming.Tests.Support;

/// <summary>A wall clock the test sets; timers and timestamps still run on the real one.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
