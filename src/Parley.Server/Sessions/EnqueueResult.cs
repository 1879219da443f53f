namespace Parley.Server.Sessions;

internal enum EnqueueResult
{
    Queued,

    /// <summary>The connection's outbound queue is at its frame or byte limit.</summary>
    Full,

    /// <summary>The connection is closing and takes no more frames.</summary>
    Closed,
}
