using Parley.Bench.Processes;

namespace Parley.Bench.Relay;

/// <summary>Stops every Parley server a relay run started, however the run ends.</summary>
internal sealed class ParleyServers(List<(string System, ParleyServerProcess Server)> servers) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, server) in servers)
        {
            await server.DisposeAsync();
        }
    }
}
