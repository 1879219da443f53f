namespace Parley.Bench.Processes;

/// <summary>
/// <c>video-viewers</c> runs up to 2,000 <c>ParleyClient</c>s in this one process, where each would be a process of its own
/// (a player). Each client reads its socket through 64 KiB buffers and copies every chunk into a pooled array, all from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>, whose cache keeps 32 arrays of a size per core: sized for one
/// application, not a thousand. Past that, every rent is a fresh 64 KiB array and every return garbage, and the bench's
/// collections (seconds of pauses per run at 600 viewers) stall all its viewers at once. So this process widens the
/// shared pool's cache (the runtime's own setting, read once at first use, hence set first thing in <c>Main</c>),
/// as a thousand client processes would have a thousand pools. The server's process keeps the runtime's default
/// unless the user set the variable: the server is measured as it runs.
/// </summary>
internal static class ManyClientsArrayPool
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    private const string ArraysPerCore = "1024";

    /// <summary>The variable as the user set it (null: not set), which child processes get.</summary>
    public static string? Inherited { get; } = Environment.GetEnvironmentVariable(Variable);

    /// <summary>For <paramref name="scenario"/> <c>video-viewers</c>, unless the user set the variable.</summary>
    public static void WidenFor(string? scenario)
    {
        if (scenario == "video-viewers" && Inherited is null)
        {
            Environment.SetEnvironmentVariable(Variable, ArraysPerCore);
        }
    }

    /// <summary>Gives a child process the variable as the user set it, not as this process widened it.</summary>
    public static void RestoreFor(System.Diagnostics.ProcessStartInfo child)
    {
        if (Inherited is null)
        {
            child.Environment.Remove(Variable);
        }
        else
        {
            child.Environment[Variable] = Inherited;
        }
    }
}
