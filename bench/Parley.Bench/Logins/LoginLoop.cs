using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Bench.Measurement;
using Parley.Bench.Wire;
using Parley.Crypto;

namespace Parley.Bench.Logins;

/// <summary>
/// One client logging in over and over, each time on a new connection: preamble and hello, the
/// server's fresh challenge signed with RSA-PSS (the client's private-key operation, which cannot
/// be done ahead: every challenge is new), login, then goodbye and wait for the server to close.
/// </summary>
internal sealed class LoginLoop(IPEndPoint server, bool insecure, IPAddress source, string name, Identity identity)
{
    private const int BufferBytes = 4096;

    /// <summary>Connect to LoginAccepted, for logins that ended inside the window.</summary>
    public LatencyHistogram Latency { get; } = new();

    public async Task RunAsync(LoginCounters counters, long maxAttempts, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && counters.TryStartAttempt(maxAttempts))
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var wire = await ParleyWire.ConnectAsync(server, source, BufferBytes, stop, insecure);
                await wire.LoginAsync(name, identity, presence: false, stop);
                var toAccepted = Stopwatch.GetTimestamp() - started;
                await wire.GoodbyeAsync(stop);
                if (counters.Measuring)
                {
                    Latency.Record(toAccepted);
                    counters.CountLogin();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ParleyServerException ex)
            {
                counters.CountRefusal(ex.Code.ToString());
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                counters.CountFailure(ex);
            }
        }
    }
}
