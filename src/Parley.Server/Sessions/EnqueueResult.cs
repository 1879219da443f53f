namespace Parley.Server.Sessions;

internal enum EnqueueResult
{
    Queued,

    /// <summary>The connection's outbound queue is at its frame or byte limit.</summary>
    Full,

    /// <summary>The server's total of queued bytes (all connections together) is reached; the connection's own queue is not full.</summary>
    ServerFull,

    /// <summary>The connection is closing and takes no more frames.</summary>
    Closed,
}
