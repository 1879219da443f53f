using System.Net;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>
/// A registered user who speaks the wire protocol by hand against a real server, so it can send
/// what `parley` never would: sealed messages whose sender or recipient field is any string at all.
/// </summary>
public sealed class HostilePeer : IAsyncDisposable
{
    private readonly RawClient _client;

    private HostilePeer(RawClient client, Identity identity)
    {
        _client = client;
        Identity = identity;
    }

    public string Name => _client.Name;

    public Identity Identity { get; }

    /// <summary>Registers <paramref name="name"/> with a new key on the server at 127.0.0.1:<paramref name="port"/> and logs in.</summary>
    public static async Task<HostilePeer> LoginAsync(int port, string name)
    {
        var identity = Identity.Generate();
        var client = await RawClient.LoginAsync(new IPEndPoint(IPAddress.Loopback, port), name, identity);
        return new HostilePeer(client, identity);
    }

    /// <summary>
    /// Sends <paramref name="to"/> a message, signed by this peer, whose sealed sender and recipient
    /// fields say whatever the test likes; returns the server's answer.
    /// </summary>
    public Task<SendAnswer> SendSealedAsAsync(string to, string sealedSender, string sealedRecipient, string text)
    {
        // The recipient checks the sender and recipient fields before it needs its own key, so any key will do here.
        var sealedBytes = MessageSealer.Seal(Identity, sealedSender, Identity.PublicKey, sealedRecipient, text, DateTimeOffset.UtcNow);
        return _client.SendAndWaitAsync(to, sealedBytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        Identity.Dispose();
    }
}
