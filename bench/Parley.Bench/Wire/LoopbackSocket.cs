using System.Net;
using System.Net.Sockets;

namespace Parley.Bench.Wire;

/// <summary>
/// Client sockets bound to a chosen loopback source address before connecting, so that many
/// thousands of connections spread over 127.0.0.1-127.0.0.4 instead of exhausting one address's
/// ephemeral ports.
/// </summary>
internal static class LoopbackSocket
{
    // Linux IP_BIND_ADDRESS_NO_PORT (IPPROTO_IP level): bind the address now, pick the port at connect
    // time, so the port only has to be unique per destination.
    private const int IpProtoIp = 0;
    private const int IpBindAddressNoPort = 24;

    public static IPAddress SourceAddress(int index, int spread) =>
        new([127, 0, 0, (byte)(1 + (index % spread))]);

    public static async Task<Socket> ConnectAsync(IPEndPoint server, IPAddress source, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(IpProtoIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
