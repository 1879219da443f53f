namespace Parley.Server.Http;

/// <summary>
/// Whether the server has begun to stop, as /healthz reports it: set first thing when stopping begins (before the
/// listeners close), so a load balancer asking in the meantime is told to send nobody new.
/// </summary>
internal sealed class HealthState
{
    private int _stopping;

    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    public void MarkStopping() => Volatile.Write(ref _stopping, 1);
}
