using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>Request/answer over one Parley connection, matched by request id.</summary>
internal interface IRequestChannel
{
    /// <summary>Sends the frame <paramref name="build"/> makes for a fresh request id and waits for the answer carrying that id.</summary>
    /// <exception cref="ParleyException">The connection is gone.</exception>
    Task<ServerFrame> RequestAsync(Func<ulong, ClientFrame> build, CancellationToken ct);
}
