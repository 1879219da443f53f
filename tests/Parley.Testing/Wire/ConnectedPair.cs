using System.Security.Cryptography;
using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>
/// Two bystanders logged in before a misbehaving client acts, to prove afterwards that the server
/// still relays between them.
/// </summary>
public sealed class ConnectedPair : IAsyncDisposable
{
    private ConnectedPair(RawClient sender, RawClient receiver)
    {
        Sender = sender;
        Receiver = receiver;
    }

    public RawClient Sender { get; }

    public RawClient Receiver { get; }

    public static async Task<ConnectedPair> CreateAsync(TestServer server)
    {
        var sender = await RawClient.LoginAsync(server.Endpoint, "bystander-one", TestIdentities.Third);
        var receiver = await RawClient.LoginAsync(server.Endpoint, "bystander-two", TestIdentities.Fourth);
        return new ConnectedPair(sender, receiver);
    }

    public async Task AssertStillRelayingAsync()
    {
        var payload = RandomNumberGenerator.GetBytes(64);
        var result = await Sender.SendAndWaitAsync(Receiver.Name, payload);
        Assert.Equal(ErrorCode.Ok, result.Code);
        var delivery = await Receiver.ReceiveUntilAsync(f => f.BodyCase == ServerFrame.BodyOneofCase.Delivery);
        Assert.Equal(Sender.Name, delivery.Delivery.From);
        Assert.Equal(payload, delivery.Delivery.Sealed.ToByteArray());
    }

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
