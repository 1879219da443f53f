namespace Parley.Client.Connection;

/// <summary>A request channel that may come back after its connection is lost (a long read resumes on the next one).</summary>
internal interface IReconnectingChannel : IRequestChannel
{
    /// <summary>Counts the connections logged in so far; a request that failed on one can wait for the next.</summary>
    int Generation { get; }

    /// <summary>
    /// Waits until a connection newer than <paramref name="lostGeneration"/> is logged in (true), or the
    /// client is finished and none will be (false). False at once when reconnecting is off.
    /// </summary>
    Task<bool> WaitForReconnectAsync(int lostGeneration, CancellationToken ct);
}
