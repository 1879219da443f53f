using System.Threading.Channels;

namespace Parley.Client;

/// <summary>One logged-in connection to a Parley server, sealing and opening messages end to end.</summary>
public sealed class ParleyClient : IAsyncDisposable
{
    private ParleyClient()
    {
    }

    /// <summary>Connects, handshakes, logs in and (with presence) receives the whole roster.</summary>
    /// <exception cref="ParleyException">Login refused, or the server could not be reached.</exception>
    public static Task<ParleyClient> ConnectAsync(ParleyClientOptions options, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>The name as registered (NFC).</summary>
    public string Name => throw new NotImplementedException();

    /// <summary>Fingerprint of this client's own key.</summary>
    public string Fingerprint => throw new NotImplementedException();

    public bool NewlyRegistered => throw new NotImplementedException();

    public string Home => throw new NotImplementedException();

    /// <summary>Current roster snapshot (presence connections), sorted by name.</summary>
    public IReadOnlyList<PeerInfo> Online => throw new NotImplementedException();

    public ChannelReader<ClientEvent> Events => throw new NotImplementedException();

    public Task<SendOutcome> SendTextAsync(string to, string text, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<SendOutcome>> SendToEveryoneAsync(string text, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>Null when the name was never registered.</summary>
    public Task<PeerInfo?> LookupAsync(string name, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
