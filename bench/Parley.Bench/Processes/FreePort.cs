using System.Net;
using System.Net.Sockets;

namespace Parley.Bench.Processes;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago, for peers that cannot report the port they chose.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Polls until something accepts connections on the port.</summary>
    /// <exception cref="TimeoutException">Nothing listened within <paramref name="timeout"/>.</exception>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, ct);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s", ex);
            }
        }
    }
}
