using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// The listening socket, with TCP keep-alive set so that accepted connections inherit it: a client
/// whose machine or network disappears is noticed within about 90 s and leaves the roster.
/// </summary>
internal static class ListenSocket
{
    private const int IdleSecondsBeforeProbing = 60;
    private const int SecondsBetweenProbes = 10;
    private const int ProbesBeforeGivingUp = 3;

    public static Socket CreateWithKeepAlive(EndPoint endpoint)
    {
        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        if (endpoint is IPEndPoint)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, IdleSecondsBeforeProbing);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, SecondsBetweenProbes);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, ProbesBeforeGivingUp);
        }

        return socket;
    }
}
