using Parley.Cli.Common;
using Parley.Client;

namespace Parley.Cli.Keys;

/// <summary>
/// What `keys trust` and `keys verify` share: log in, look PEER up, then act on the answer; an unknown
/// name, a refused connection or a signal each end the command with its one line and exit code.
/// </summary>
internal static class PeerCommand
{
    public static async Task<int> RunAsync(ParleyClientOptions options, string peerName, Func<ParleyClient, PeerInfo, int> act)
    {
        using var signals = new TerminationSignals();
        try
        {
            await using var client = await ParleyClient.ConnectAsync(options, signals.Token);
            var peer = await client.LookupAsync(peerName, signals.Token);
            return peer is null ? ErrorLine.Fail($"nobody is registered as {peerName}") : act(client, peer);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ParleyException && signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message);
        }
    }
}
