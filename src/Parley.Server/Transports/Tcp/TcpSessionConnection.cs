using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Parley.Server.Sessions;

namespace Parley.Server.Transports.Tcp;

/// <summary>A session's view of a Kestrel TCP connection: its pipes are cancelled, never handed out.</summary>
/// <param name="output">Where its frames are written (<see cref="ConnectionOutput"/>).</param>
internal sealed class TcpSessionConnection(ConnectionContext connection, PipeWriter output, ReadOnlyMemory<byte> channelBinding) : ISessionConnection
{
    public ReadOnlyMemory<byte> ChannelBinding => channelBinding;

    public string ConnectionId => connection.ConnectionId;

    public EndPoint? LocalEndPoint => connection.LocalEndPoint;

    public string? RequestedHostName => connection.Features.Get<ISslStreamFeature>()?.SslStream.TargetHostName is { Length: > 0 } name ? name : null;

    public EndPoint? RemoteEndPoint => connection.RemoteEndPoint;

    public CancellationToken ConnectionClosed => connection.ConnectionClosed;

    public void StopReading() => connection.Transport.Input.CancelPendingRead();

    public void AbandonPendingWrite() => output.CancelPendingFlush();
}
